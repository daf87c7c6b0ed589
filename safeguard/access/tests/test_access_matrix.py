"""Which roles can see which records, through the web pages and the API alike."""

import pytest
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

NO_CASE_CONTENT = {Role.SYSTEM_ADMINISTRATOR, Role.PARTNERSHIP_ANALYST, Role.AUDITOR, Role.DATA_OFFICER}
ALL_ROLES = list(Role)


def _sees(client, person) -> tuple[int, int]:
    web = client.get(f"/people/{person.pk}/")
    api = client.get(f"/api/v1/people/{person.pk}")
    return web.status_code, api.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES, ids=[r.value for r in ALL_ROLES])
def test_no_role_sees_a_child_it_has_no_involvement_with(client, role):
    child = PersonFactory()
    practitioner = practitioner_with_role(role)
    client.force_login(practitioner)
    assert _sees(client, child) == (404, 404)
    if policy.can_search_people(practitioner):
        found = client.post("/api/v1/people/search", {"name": child.given_name}, content_type="application/json")
        assert found.status_code == 200 and found.json() == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES, ids=[r.value for r in ALL_ROLES])
def test_allocated_involvement_opens_the_record_except_for_roles_without_case_content(client, role):
    child = PersonFactory()
    practitioner = practitioner_with_role(role)
    involve(child, practitioner=practitioner, kind=InvolvementKind.ALLOCATED_WORKER)
    client.force_login(practitioner)
    expected = (404, 404) if role in NO_CASE_CONTENT else (200, 200)
    assert _sees(client, child) == expected


@pytest.mark.django_db
def test_team_involvement_covers_every_member_of_the_team(client):
    first = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    team = first.memberships.get().team
    colleague = practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=team)
    child = PersonFactory()
    involve(child, team=team, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    client.force_login(colleague)
    assert _sees(client, child) == (200, 200)


@pytest.mark.django_db
def test_access_ends_when_the_involvement_ends(client):
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    child = PersonFactory()
    involvement = involve(child, practitioner=worker, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    client.force_login(worker)
    assert _sees(client, child) == (200, 200)
    involvement.ends_at = timezone.now()
    involvement.save()
    assert _sees(client, child) == (404, 404)


@pytest.mark.django_db
def test_a_meeting_invitee_may_view_but_not_change(client):
    nurse = practitioner_with_role(Role.SCHOOL_NURSE)
    child = PersonFactory()
    involve(child, practitioner=nurse, kind=InvolvementKind.MEETING_INVITEE)
    client.force_login(nurse)
    assert _sees(client, child) == (200, 200)
    response = client.patch(f"/api/v1/people/{child.pk}", {"first_language": "Welsh"}, content_type="application/json")
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.first_language == ""


@pytest.mark.django_db
def test_a_former_team_member_loses_team_access(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    membership = worker.memberships.get()
    child = PersonFactory()
    involve(child, team=membership.team, kind=InvolvementKind.TEAM_EPISODE)
    membership.ends_on = timezone.localdate() - timezone.timedelta(days=1)
    membership.save()
    client.force_login(worker)
    assert _sees(client, child) == (404, 404)


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in_and_the_api_answers_401(client):
    child = PersonFactory()
    assert client.get(f"/people/{child.pk}/").status_code == 302
    response = client.get(f"/api/v1/people/{child.pk}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
