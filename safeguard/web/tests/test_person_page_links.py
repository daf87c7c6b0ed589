"""The person page offers each practitioner the next steps their role allows, and no others."""

import pytest

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role


@pytest.fixture
def adult(db):
    return PersonFactory(given_name="Dana", family_name="Fictionfold", date_of_birth="1985-01-01")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (
            Role.POLICE_PUBLIC_PROTECTION,
            ["poses a risk to children", "Children linked to Dana"],
            ["Record a pregnancy"],
        ),
        (Role.MIDWIFE, ["Record a pregnancy"], ["poses a risk to children", "Children linked to Dana"]),
        (Role.DESIGNATED_SAFEGUARDING_LEAD, [], ["Record a pregnancy", "poses a risk", "Children linked to Dana"]),
    ],
)
def test_links_follow_the_access_policy(client, adult, role, expected, absent):
    practitioner = practitioner_with_role(role)
    involve(adult, practitioner=practitioner, kind=InvolvementKind.SUPERVISING)
    client.force_login(practitioner)
    html = client.get(f"/people/{adult.pk}/").content.decode()
    for text in expected:
        assert text in html
    for text in absent:
        assert text not in html
