"""Web pages given text the database cannot store answer with an error, never a 500."""

import pytest

from safeguard.agencies.roles import Role
from safeguard.testing.factories import practitioner_with_role


@pytest.fixture
def signed_in(client, db):
    client.force_login(practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER))
    return client


@pytest.mark.parametrize(
    "url", ["/front-door/?rag=red%00", "/front-door/?team=%00", "/audit/?username=a%00b", "/?x%00=1"]
)
def test_a_nul_byte_in_an_address_is_400_not_500(signed_in, url):
    assert signed_in.get(url).status_code == 400


def test_a_nul_byte_in_a_search_form_is_a_field_error(signed_in):
    response = signed_in.post("/people/find/", {"name": "Mia\x00", "date_of_birth": ""})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_a_nul_byte_in_the_sign_in_form_is_a_field_error(client, db):
    response = client.post("/sign-in/", {"username": "fd\x00worker", "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
