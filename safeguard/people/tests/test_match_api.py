"""POST /api/v1/people/match and /people/enquiries, and the search that uses the matcher."""

from datetime import date

import pytest

from safeguard.access.models import AuditAction, AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.models import Address
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role

JSON = "application/json"
pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(client):
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    client.force_login(worker)
    return worker


@pytest.fixture
def child(worker):
    child = PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    Address.objects.create(person=child, line_1="12 Oak Road", postcode="AB1 2CD")
    involve(child, practitioner=worker, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    return child


@pytest.fixture
def hidden():
    police = AgencyFactory(name="Fictionshire Police")
    team = TeamFactory(agency=police, name="Public protection unit")
    person = PersonFactory(given_name="Jayden", family_name="Marsh", date_of_birth=date(2011, 6, 2),
                           recorded_by_agency=police)
    involve(person, team=team, kind=InvolvementKind.TEAM_EPISODE)
    return person


def _fields(response) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_match_ranks_candidates_with_probability_and_explanation(client, worker, child):
    response = client.post(
        "/api/v1/people/match",
        {"given_name": "Katie", "family_name": "Whitmoor", "date_of_birth": "2014-07-03", "postcode": "ab1 2cd"},
        content_type=JSON,
    )
    assert response.status_code == 200
    [top, *_] = response.json()
    assert top["visible"] and top["person"]["id"] == str(child.pk)
    assert top["match_probability"] > 0.9
    assert "date of birth: day and month swapped" in top["explanation"]
    entry = AuditEntry.objects.filter(action=AuditAction.SEARCH).latest("seq")
    assert entry.detail["results"] == [str(child.pk)] and "given_name" in entry.detail["fields"]
    assert "Katie" not in str(entry.detail)  # never the terms


def test_a_record_the_caller_may_not_see_is_only_held_by_and_the_enquiry_is_audited(client, worker, hidden):
    [candidate] = client.post(
        "/api/v1/people/match",
        {"given_name": "Jaden", "family_name": "Marsh", "date_of_birth": "2011-06-02"},
        content_type=JSON,
    ).json()
    assert candidate["visible"] is False and candidate["person"] is None and candidate["explanation"] == []
    assert candidate["message"] == "A record exists held by Fictionshire Police: ask for information"
    enquiry = client.post(
        "/api/v1/people/enquiries",
        {"enquiry_token": candidate["enquiry_token"], "reason": "Referral today about the child's safety"},
        content_type=JSON,
    )
    assert enquiry.status_code == 201 and enquiry.json() == {"held_by": "Fictionshire Police", "task_created": True}
    assert AuditEntry.objects.filter(action=AuditAction.ENQUIRY, person_id=str(hidden.pk)).exists()
    forged = client.post("/api/v1/people/enquiries", {"enquiry_token": "x", "reason": "a long enough reason"},
                         content_type=JSON)
    assert forged.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"nhs_number": "1234567890"}, "nhs_number"),
        ({"given_name": "A", "date_of_birth": "31/02/2019"}, "date_of_birth"),
        ({"family_name": "Marsh", "sex": "Q"}, "sex"),
        ({"family_name": "Marsh", "shoe_size": 9}, "shoe_size"),
        ({"family_name": "x" * 101}, "family_name"),
    ],
)
def test_match_bad_input_is_a_422_problem_with_field_errors(client, worker, body, field):
    response = client.post("/api/v1/people/match", body, content_type=JSON)
    assert response.status_code == 422
    assert field in _fields(response)


def test_match_is_404_for_roles_that_do_not_see_case_content(client):
    client.force_login(practitioner_with_role(Role.PARTNERSHIP_ANALYST))
    response = client.post("/api/v1/people/match", {"family_name": "Marsh"}, content_type=JSON)
    assert response.status_code == 404


def test_web_search_finds_a_misspelt_name_and_offers_an_enquiry_for_records_held_elsewhere(
    client, worker, child, hidden
):
    html = client.post("/people/find/", {"name": "Kathryn Whitmore", "date_of_birth": "2014-03-07"}).content.decode()
    assert "Katherine Whitmore" in html and "% likely" in html
    html = client.post("/people/find/", {"name": "Jaden Marsh", "date_of_birth": "2011-06-02"}).content.decode()
    assert "Jayden" not in html and "A record exists held by Fictionshire Police: ask for information" in html
    from safeguard.people.matching import MatchDetails, find_candidates

    token = find_candidates(actor=worker, details=MatchDetails(given_name="Jayden", family_name="Marsh",
                                                               date_of_birth=date(2011, 6, 2)))[0].enquiry_token
    page = client.post("/people/enquiry/", {"token": token})
    assert page.status_code == 200 and "Ask Fictionshire Police for information" in page.content.decode()
    short = client.post("/people/enquiry/", {"token": token, "reason": ""})
    assert "Enter why you need information" in short.content.decode()
    sent = client.post("/people/enquiry/", {"token": token, "reason": "Referral today about the child's safety"})
    assert sent.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.ENQUIRY, person_id=str(hidden.pk)).count() == 1
    assert client.post("/people/enquiry/", {"token": "forged"}).status_code == 404
