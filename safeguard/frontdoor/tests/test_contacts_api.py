"""Scenario tests through the API: contacts, consent, idempotency, matching, the clock, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.access.models import AuditEntry, InvolvementKind
from safeguard.core import clock
from safeguard.core.models import ChronologyEvent, EventType
from safeguard.frontdoor.models import Contact, ContactSubject
from safeguard.frontdoor.tests.conftest import contact_body
from safeguard.testing.factories import PersonFactory, involve

pytestmark = pytest.mark.django_db


def fields(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def link_child(api, w, contact_id, child):
    """The screener asks the holding agency, then confirms the match explicitly."""
    screener = api(w.screener)
    subject_id = screener.get(f"/contacts/{contact_id}").json()["subjects"][0]["id"]
    candidates = screener.get(f"/contacts/{contact_id}/subjects/{subject_id}/candidates").json()
    assert candidates, "the child's existing record should be offered as a candidate"
    if not candidates[0]["visible"]:
        r = screener.post(f"/contacts/{contact_id}/subjects/{subject_id}/enquiries", {"person_id": str(child.pk)})
        assert r.status_code == 201, r.content
    r = screener.post(f"/contacts/{contact_id}/subjects/{subject_id}/match", {"person_id": str(child.pk)})
    assert r.status_code == 200, r.content
    return subject_id


def test_contact_from_a_school_decided_within_the_clock(world, api, child):
    w = world
    r = api(w.dsl).post("/contacts", contact_body())
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["referrer_agency"] == "Oak Primary School"
    assert body["decision_due_on"] == str(clock.contact_decision_due(timezone.localdate()))
    assert body["decision_clock"] in ("due in 1 working day", "due today")
    assert body["access"] == "referrer"

    queue = api(w.screener).get("/contacts").json()
    assert [q["id"] for q in queue] == [body["id"]]
    assert queue[0]["children"] == ["Peter Fictional"]

    link_child(api, w, body["id"], child)
    assert api(w.screener).post(f"/contacts/{body['id']}/screening", {"rag": "amber"}).status_code == 200
    r = api(w.manager).post(
        f"/contacts/{body['id']}/decision",
        {"outcome": "assessment", "rationale": "Injury with a disclosure: assessment of needs and risks required."},
    )
    assert r.status_code == 201, r.content
    decision = r.json()
    assert decision["within_timescale"] is True
    assert decision["next_record"]["type"] == "assessment"
    assert decision["next_record"]["due_on"] == str(clock.assessment_due(timezone.localdate()))
    events = set(ChronologyEvent.objects.filter(person=child).values_list("event_type", flat=True))
    assert {EventType.CONTACT_RECEIVED, EventType.DECISION_MADE, EventType.ASSESSMENT_STARTED} <= events
    # Decided contacts leave the open queue; the referrer sees the outcome of their own contact.
    assert api(w.screener).get("/contacts").json() == []
    mine = api(w.dsl).get(f"/contacts/{body['id']}").json()
    assert mine["decision"]["outcome"] == "assessment"
    assert mine["cumulative_concern"] is None  # the referrer does not see other contacts' history


def test_a_late_decision_is_recorded_as_outside_the_timescale(world, api, child):
    w = world
    received = timezone.now() - timedelta(days=10)
    r = api(w.dsl).post("/contacts", contact_body(received_at=received.isoformat()))
    contact_id = r.json()["id"]
    assert r.json()["overdue"] is True
    assert r.json()["decision_clock"].startswith("overdue by")
    link_child(api, w, contact_id, child)
    r = api(w.manager).post(
        f"/contacts/{contact_id}/decision", {"outcome": "advice", "rationale": "Advice given to school on support."}
    )
    assert r.json()["within_timescale"] is False


def test_consent_refused_with_a_lawful_basis_is_recorded(world, api):
    r = api(world.nurse).post(
        "/contacts",
        contact_body(
            referral_source="3F",
            consent_status="refused",
            lawful_basis="safeguarding",
            consent_reason="Mother refused; disclosure of sexual abuse means the child may be at risk of harm.",
            categories=["csa_within_family"],
        ),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["consent_status"], body["lawful_basis"]) == ("refused", "safeguarding")
    assert "may be at risk" in body["consent_reason"]


def test_consent_refused_without_a_lawful_basis_saves_nothing(world, api):
    r = api(world.nurse).post("/contacts", contact_body(referral_source="3F", consent_status="refused"))
    assert r.status_code == 422
    assert r["Content-Type"] == "application/problem+json"
    assert set(fields(r)) == {"lawful_basis", "consent_reason"}
    assert Contact.objects.count() == 0 and ContactSubject.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (contact_body(referral_source="ZZ"), "referral_source"),
        (contact_body(categories=["bad"]), "categories"),
        (contact_body(categories=[]), "categories"),
        (contact_body(concerns=""), "concerns"),
        (contact_body(subjects=[]), "subjects"),
        (contact_body(subjects=[{"role": "parent_carer", "family_name": "Fictional"}]), "subjects"),
        (
            contact_body(subjects=[{"role": "subject_child", "family_name": "X", "date_of_birth": "2999-01-01"}]),
            "subjects[0].date_of_birth",
        ),
        (
            contact_body(subjects=[{"role": "subject_child", "family_name": "X", "date_of_birth": "not a date"}]),
            "subjects[0].date_of_birth",
        ),
        (
            contact_body(subjects=[{"role": "subject_child", "family_name": "X"},
                                   {"role": "alleged_perpetrator", "family_name": "Y", "relationship": "uncle"}]),
            "subjects[1].relationship",
        ),  # fmt: skip
        (contact_body(consent_status="maybe"), "consent_status"),
        (contact_body(received_at="2999-01-01T10:00:00"), "received_at"),
        (contact_body(unexpected="x"), "unexpected"),
    ],
)
def test_bad_contacts_answer_422_with_the_field_and_save_nothing(world, api, body, field):
    school = api(world.dsl)
    before = AuditEntry.objects.count()
    r = school.post("/contacts", body)
    assert r.status_code == 422, r.content
    assert field in fields(r)
    assert Contact.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_repeated_submission_with_the_same_idempotency_key_creates_one_contact(world, api):
    school = api(world.dsl)
    first = school.post("/contacts", contact_body(), **{"Idempotency-Key": "school-mis-123"})
    again = school.post("/contacts", contact_body(), **{"Idempotency-Key": "school-mis-123"})
    assert first.status_code == 201 and again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Contact.objects.count() == 1
    clash = school.post("/contacts", contact_body(concerns="Something else"), **{"Idempotency-Key": "school-mis-123"})
    assert clash.status_code == 409
    assert clash["Content-Type"] == "application/problem+json"
    assert Contact.objects.count() == 1
    # Another practitioner's key is their own.
    other = api(world.nurse).post("/contacts", contact_body(), **{"Idempotency-Key": "school-mis-123"})
    assert other.status_code == 201
    assert Contact.objects.count() == 2


def test_matching_shows_hidden_records_only_as_held_elsewhere_and_audits_the_enquiry(world, api, child):
    w = world
    child.recorded_by_agency = w.health
    child.save()
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    screener = api(w.screener)
    subject_id = screener.get(f"/contacts/{contact_id}").json()["subjects"][0]["id"]
    [candidate] = screener.get(f"/contacts/{contact_id}/subjects/{subject_id}/candidates").json()
    assert candidate == {
        "visible": False,
        "person_id": None,
        "full_name": None,
        "date_of_birth": None,
        "match_probability": None,
        "explanation": [],
        "held_by": "Shire Health",
        "message": "A record exists held by Shire Health: ask for information",
    }
    # Confirming a hidden record before asking is refused; nothing is linked.
    r = screener.post(f"/contacts/{contact_id}/subjects/{subject_id}/match", {"person_id": str(child.pk)})
    assert r.status_code == 422 and "person_id" in fields(r)
    assert not ContactSubject.objects.filter(person=child).exists()
    r = screener.post(f"/contacts/{contact_id}/subjects/{subject_id}/enquiries", {"person_id": str(child.pk)})
    assert r.status_code == 201 and r.json()["held_by"] == "Shire Health"
    assert AuditEntry.objects.filter(action="enquiry", person_id=str(child.pk), actor_id=w.screener.pk).exists()
    r = screener.post(f"/contacts/{contact_id}/subjects/{subject_id}/match", {"person_id": str(child.pk)})
    assert r.status_code == 200 and r.json()["person_id"] == str(child.pk)
    # Now the front door team sees the child, with reasons the candidate matched.
    [visible] = screener.get(f"/contacts/{contact_id}/subjects/{subject_id}/candidates").json()
    assert visible["visible"] and "date of birth agrees" in visible["explanation"]


def test_a_new_person_is_recorded_from_the_details_given(world, api):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    screener = api(w.screener)
    subject_id = screener.get(f"/contacts/{contact_id}").json()["subjects"][0]["id"]
    assert screener.get(f"/contacts/{contact_id}/subjects/{subject_id}/candidates").json() == []
    r = screener.post(f"/contacts/{contact_id}/subjects/{subject_id}/new-person", {})
    assert r.status_code == 201
    person = api(w.screener).get(f"/people/{r.json()['person_id']}").json()
    assert (person["full_name"], person["date_of_birth"]) == ("Peter Fictional", "2016-05-14")


def test_deciding_needs_every_named_person_matched(world, api):
    contact_id = api(world.dsl).post("/contacts", contact_body()).json()["id"]
    r = api(world.manager).post(f"/contacts/{contact_id}/decision", {"outcome": "nfa", "rationale": "Nothing to do."})
    assert r.status_code == 422 and "subjects" in fields(r)
    assert Contact.objects.get().status == "new"


def test_only_a_front_door_manager_decides(world, api, child):
    contact_id = api(world.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, world, contact_id, child)
    r = api(world.screener).post(f"/contacts/{contact_id}/decision", {"outcome": "nfa", "rationale": "No concerns."})
    assert r.status_code == 404
    assert not hasattr(Contact.objects.get(), "decision")


def test_practitioner_without_involvement_gets_404(world, api, child):
    contact_id = api(world.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, world, contact_id, child)
    stranger = api(world.officer)
    assert stranger.get(f"/contacts/{contact_id}").status_code == 404
    assert stranger.get(f"/people/{child.pk}").status_code == 404
    assert stranger.get(f"/people/{child.pk}/front-door-outcomes").status_code == 404
    assert stranger.post(f"/contacts/{contact_id}/screening", {"rag": "red"}).status_code == 404
    assert stranger.get("/contacts").status_code == 404


def test_front_door_access_ends_when_the_contact_is_decided(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)
    assert api(w.screener).get(f"/people/{child.pk}").status_code == 200
    api(w.manager).post(f"/contacts/{contact_id}/decision", {"outcome": "advice", "rationale": "Advice to school."})
    assert api(w.screener).get(f"/people/{child.pk}").status_code == 404


def test_a_second_open_contact_keeps_front_door_access(world, api, child):
    w = world
    first = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    second = api(w.nurse).post("/contacts", contact_body(referral_source="3F")).json()["id"]
    link_child(api, w, first, child)
    link_child(api, w, second, child)
    api(w.manager).post(f"/contacts/{first}/decision", {"outcome": "advice", "rationale": "Advice to school."})
    assert api(w.screener).get(f"/people/{child.pk}").status_code == 200


def test_views_and_changes_are_audited(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    assert AuditEntry.objects.filter(action="create", object_type="frontdoor.contact", object_id=contact_id).exists()
    link_child(api, w, contact_id, child)
    api(w.screener).get(f"/contacts/{contact_id}")
    api(w.screener).post(f"/contacts/{contact_id}/screening", {"rag": "red"})
    entries = AuditEntry.objects.filter(object_id=contact_id, person_id=str(child.pk))
    assert entries.filter(action="view", actor_id=w.screener.pk).exists()
    assert entries.filter(action="change", actor_id=w.screener.pk, purpose="screened a contact").exists()
    api(w.screener).get("/contacts")
    queue_entry = AuditEntry.objects.filter(action="view", purpose="front door queue").last()
    assert contact_id in queue_entry.detail["contacts"]


def test_queue_filters_by_rag_and_status(world, api, child):
    w = world
    a = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    b = api(w.nurse).post("/contacts", contact_body(referral_source="3F")).json()["id"]
    api(w.screener).post(f"/contacts/{a}/screening", {"rag": "red"})
    screener = api(w.screener)
    assert [q["id"] for q in screener.get("/contacts", rag="red").json()] == [a]
    assert [q["id"] for q in screener.get("/contacts", rag="none").json()] == [b]
    assert [q["id"] for q in screener.get("/contacts", status="screening").json()] == [a]
    assert screener.get("/contacts", team_id=w.front_door.pk + 999).json() == []
    r = screener.post(f"/contacts/{a}/screening", {"rag": "purple"})
    assert r.status_code == 422 and "rag" in fields(r)


def test_youth_justice_sees_outcomes_for_young_people_they_supervise_and_front_door_sees_them(world, api, child):
    w = world
    involve(child, team=w.yj_team, kind=InvolvementKind.SUPERVISING)
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)
    screening = api(w.screener).get(f"/contacts/{contact_id}").json()
    assert [i["agency"] for i in screening["involvements"][str(child.pk)]] == ["Shire Youth Justice"]
    decision = (
        api(w.manager)
        .post(
            f"/contacts/{contact_id}/decision", {"outcome": "early_help", "rationale": "Targeted youth support fits."}
        )
        .json()
    )
    outcomes = api(w.yj_worker).get(f"/people/{child.pk}/front-door-outcomes").json()
    assert [o["outcome"] for o in outcomes] == ["early_help"]
    assert api(w.yj_worker).get(f"/decisions/{decision['id']}").json()["outcome_label"].startswith("Signpost")
    assert api(w.nurse).get(f"/decisions/{decision['id']}").status_code == 404


def test_a_one_step_referral_from_another_setting_becomes_a_contact(world, api, child):
    from safeguard.agencies.roles import Role
    from safeguard.core.signals import referral_to_front_door
    from safeguard.testing.factories import practitioner_with_role

    clinician = practitioner_with_role(Role.ED_CLINICIAN, team=world.health_team)
    adult = PersonFactory(given_name="Adam", family_name="Fictional", date_of_birth=date(1990, 1, 1))
    involve(adult, practitioner=clinician)
    [(_, contact)] = referral_to_front_door.send(
        sender=None,
        actor=clinician,
        children=[child],
        adults=[adult],
        concern="Father attended ED intoxicated; child at home.",
        categories=["neglect", "unknown"],
        source=None,
    )
    assert contact.referral_source == "3E" and contact.categories == ["neglect"]
    subjects = {s.role: s for s in contact.subjects.all()}
    assert subjects["subject_child"].person is None  # not visible to the clinician: the front door matches
    assert subjects["parent_carer"].person == adult
    assert api(world.screener).get("/contacts").json()[0]["id"] == str(contact.pk)
