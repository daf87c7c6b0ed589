"""Who may use the statutory returns: the performance and data team, and nobody else."""

from __future__ import annotations

import pytest
from django.test import Client

from safeguard.agencies.roles import Role
from safeguard.testing.factories import practitioner_with_role

pytestmark = pytest.mark.django_db


def _client(role: str) -> Client:
    c = Client()
    c.force_login(practitioner_with_role(role, username=f"user.{role}"))
    return c


def test_the_data_officer_finds_statutory_returns_in_the_menu_and_opens_the_page():
    response = _client(Role.DATA_OFFICER).get("/returns/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Statutory returns" in html and 'href="/returns/"' in html
    assert "Children in need census" in html


@pytest.mark.parametrize(
    "role",
    [Role.PARTNERSHIP_ANALYST, Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER, Role.HEAD_OF_SERVICE, Role.AUDITOR],
)
def test_practitioners_managers_and_analysts_are_told_the_page_does_not_exist(role):
    response = _client(role).get("/returns/")
    assert response.status_code == 404
    assert 'href="/returns/"' not in _client(role).get("/").content.decode()


def test_signed_out_visitors_are_asked_to_sign_in():
    response = Client().get("/returns/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_data_officer_opens_no_case_file_by_role():
    from safeguard.access import policy
    from safeguard.testing.factories import PersonFactory

    officer = practitioner_with_role(Role.DATA_OFFICER, username="data.officer.test")
    assert not policy.decide(officer, PersonFactory(), policy.Action.VIEW)
    assert not policy.can_search_people(officer)
