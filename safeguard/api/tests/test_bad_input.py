"""Bad input from a careless or hostile client is a 422 (or 413) problem+json naming the field,
never a 500, and changes nothing: one validation layer for every router, not a fix per endpoint."""

import json

import pytest
from django.test import Client

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import AgencyType, Role
from safeguard.frontdoor.models import Contact
from safeguard.people.models import Person
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role

JSON = "application/json"


@pytest.fixture
def worker(db):
    return practitioner_with_role(Role.SOCIAL_WORKER)


@pytest.fixture
def api(worker):
    client = Client()
    client.force_login(worker)
    return client


@pytest.fixture
def child(worker):
    child = PersonFactory(given_name="Mia", family_name="Testwood")
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    return child


@pytest.fixture
def front_door(db):
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    team = TeamFactory(agency=council, name="Front door", is_front_door=True)
    client = Client()
    client.force_login(practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=team))
    return client


def _problem(response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    return {e["field"]: e["message"] for e in body["errors"]}


def _person(**overrides) -> dict:
    return {"given_name": "Noah", "family_name": "Testwood", "sex": "M", **overrides}


def _contact(**overrides) -> dict:
    return {
        "referrer_name": "Ms Teacher",
        "referral_source": "2A",
        "concerns": "Arrived hungry.",
        "categories": ["neglect"],
        "consent_status": "agreed",
        "subjects": [{"role": "subject_child", "given_name": "Peter", "family_name": "Fictional"}],
        **overrides,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_person(given_name="No\x00ah"), "given_name"),
        (_person(other_names=[{"name_type": "x" * 20, "given_name": "Noey"}]), "other_names[0].name_type"),
        (_person(other_names=[{"name_type": "alias", "given_name": "No\x00ey"}]), "other_names[0].given_name"),
        (_person(family_name="\ud800"), "family_name"),
        (_person(given_name="N" * 1_000_000), "given_name"),
        (_person(date_of_birth=1.5e-164), "date_of_birth"),
        (_person(date_of_birth="0001-01-01"), "date_of_birth"),
    ],
    ids=["nul", "long-code", "nested-nul", "lone-surrogate", "1MB-name", "number-as-date", "year-1"],
)
def test_bad_person_is_422_naming_the_field_and_saves_nothing(api, body, field):
    before = Person.objects.count()
    errors = _problem(api.post("/api/v1/people", json.dumps(body), content_type=JSON), 422)
    assert field in errors, errors
    assert Person.objects.count() == before


def test_a_nul_byte_in_a_patch_changes_nothing(api, child):
    response = api.patch(f"/api/v1/people/{child.pk}", json.dumps({"gender": "a\x00b"}), content_type=JSON)
    assert "gender" in _problem(response, 422)
    child.refresh_from_db()
    assert child.gender == ""


@pytest.mark.parametrize(
    ("query", "field"),
    [({"offset": "99999999999999999999"}, "offset"), ({"limit": "1\x00"}, "limit")],
)
def test_bad_query_parameters_are_422_naming_them(api, child, query, field):
    assert field in _problem(api.get(f"/api/v1/people/{child.pk}/chronology", query), 422)


def test_a_nul_byte_in_a_text_query_parameter_is_422(front_door):
    assert "rag" in _problem(front_door.get("/api/v1/contacts", {"rag": "red\x00"}), 422)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_contact(received_at="0001-01-01T00:00:00Z"), "received_at"),
        (_contact(concerns="bad\x00"), "concerns"),
        (_contact(subjects=[{"role": "subject_child", "given_name": "\ud800"}]), "subjects[0].given_name"),
    ],
    ids=["year-1", "nul", "surrogate"],
)
def test_bad_contacts_are_422_naming_the_field(front_door, body, field):
    errors = _problem(front_door.post("/api/v1/contacts", json.dumps(body), content_type=JSON), 422)
    assert field in errors, errors
    assert not Contact.objects.exists()


def test_a_number_is_not_a_meeting_date(front_door):
    response = front_door.post("/api/v1/triage-meetings", json.dumps({"held_on": 1.5e-164}), content_type=JSON)
    assert "held_on" in _problem(response, 422)


def test_an_idempotency_key_over_its_limit_is_refused_not_truncated(front_door):
    response = front_door.post(
        "/api/v1/contacts", json.dumps(_contact()), content_type=JSON, headers={"Idempotency-Key": "k" * 201}
    )
    assert "Idempotency-Key" in _problem(response, 422)
    assert not Contact.objects.exists()


def test_a_20mb_body_is_413_problem_json(api):
    response = api.post("/api/v1/people", b'{"given_name": "' + b"x" * (20 * 1024 * 1024) + b'"}', content_type=JSON)
    _problem(response, 413)


def test_a_wrong_method_is_405_problem_json_with_a_truthful_title(api, child):
    response = api.put(f"/api/v1/people/{child.pk}/chronology", "{}", content_type=JSON)
    _problem(response, 405)
    assert response.json()["title"] == "Method not allowed"


def test_a_missing_csrf_token_on_a_signed_in_api_call_is_403_problem_json(worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.post("/api/v1/people", json.dumps(_person()), content_type=JSON)
    _problem(response, 403)
    assert "CSRF" in response.json()["title"] or "form" in response.json()["title"]
