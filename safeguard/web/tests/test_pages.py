import pytest

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.services import task_create
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role


@pytest.mark.django_db
def test_home_shows_the_practitioners_tasks_and_people(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Rosa", family_name="Fictionby")
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    task_create(kind="visit", title="Statutory visit to Rosa", due_on="2026-12-01", assignee=worker, person=child)
    client.force_login(worker)
    html = client.get("/").content.decode()
    assert "Statutory visit to Rosa" in html and "1 December 2026" in html
    assert "Rosa Fictionby" in html


@pytest.mark.django_db
def test_a_teams_tasks_show_for_every_member_but_not_other_teams(client):
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    team = worker.memberships.get().team
    task_create(kind="screen", title="Screen new contact", due_on=None, team=team)
    outsider = practitioner_with_role(Role.GP)
    client.force_login(worker)
    assert "Screen new contact" in client.get("/").content.decode()
    client.force_login(outsider)
    assert "Screen new contact" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_person_page_shows_details_identifiers_relationships_and_chronology(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    client.force_login(worker)
    created = client.post(
        "/api/v1/people",
        {
            "given_name": "Tom",
            "family_name": "Fictionby",
            "date_of_birth": "2017-04-05",
            "identifiers": [{"id_type": "nhs_number", "value": "9434765919"}],
        },
        content_type="application/json",
    ).json()
    html = client.get(f"/people/{created['id']}/").content.decode()
    for text in ("Tom Fictionby", "5 April 2017", "9434765919", "Recorded in Safeguard", "No relationships recorded"):
        assert text in html


@pytest.mark.django_db
def test_search_is_post_only_in_effect_and_validates(client):
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER))
    empty = client.post("/people/find/", {})
    assert "Enter a name, a date of birth or an NHS number" in empty.content.decode()
    bad_date = client.post(
        "/people/find/", {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2019"}
    )
    assert "Date of birth must be a real date" in bad_date.content.decode()


@pytest.mark.django_db
def test_analysts_and_administrators_get_no_search_page(client):
    for role in (Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMINISTRATOR):
        client.force_login(practitioner_with_role(role))
        assert client.post("/people/find/", {"name": "a"}).status_code == 404
        assert "Find a person" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_production_settings_are_safe():
    from django.conf import settings

    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_HTTPONLY and settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
