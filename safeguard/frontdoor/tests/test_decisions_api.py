"""Scenario tests: cumulative concern, partner information requests, joint decisions, challenge,
and the records a decision creates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from safeguard.challenges.models import ProfessionalChallenge
from safeguard.core import clock
from safeguard.core.signals import strategy_discussion_needed
from safeguard.frontdoor.models import TriageItem
from safeguard.frontdoor.tests.conftest import contact_body
from safeguard.frontdoor.tests.test_contacts_api import fields, link_child
from safeguard.people.models import Relationship
from safeguard.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

NFA = {"outcome": "nfa", "rationale": "Concern addressed by school; no role for social care."}


def decided_contact(api, w, child, *, outcome=NFA, days_ago=30, **body):
    received = (timezone.now() - timedelta(days=days_ago)).isoformat()
    contact_id = api(w.dsl).post("/contacts", contact_body(received_at=received, **body)).json()["id"]
    link_child(api, w, contact_id, child)
    r = api(w.manager).post(f"/contacts/{contact_id}/decision", {**outcome, "history_acknowledgement": "Noted."})
    assert r.status_code == 201, r.content
    return contact_id


def test_third_contact_about_the_same_child_leads_with_history_and_nfa_needs_acknowledgement(world, api, child):
    w = world
    decided_contact(api, w, child, days_ago=200)
    second = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, second, child)
    assert api(w.screener).get(f"/contacts/{second}").json()["cumulative_concern"]["triggered"] is False
    api(w.manager).post(f"/contacts/{second}/decision", NFA)

    third = api(w.nurse).post("/contacts", contact_body(referral_source="3F")).json()["id"]
    link_child(api, w, third, child)
    concern = api(w.screener).get(f"/contacts/{third}").json()["cumulative_concern"]
    assert concern["triggered"] is True and concern["count"] == 3
    assert [c["outcome"] for c in concern["contacts"]] == [None, "nfa", "nfa"]

    r = api(w.manager).post(f"/contacts/{third}/decision", NFA)
    assert r.status_code == 422
    assert "3 contacts in the last 12 months" in fields(r)["history_acknowledgement"]
    assert api(w.screener).get(f"/contacts/{third}").json()["decision"] is None
    r = api(w.manager).post(
        f"/contacts/{third}/decision",
        {**NFA, "history_acknowledgement": "Three contacts reviewed: each was about lateness; school plan in place."},
    )
    assert r.status_code == 201 and r.json()["cumulative_concern"] is True


def test_contacts_older_than_the_window_do_not_count(world, api, child):
    w = world
    decided_contact(api, w, child, days_ago=400)
    decided_contact(api, w, child, days_ago=380)
    third = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, third, child)
    assert api(w.screener).get(f"/contacts/{third}").json()["cumulative_concern"]["count"] == 1
    assert api(w.manager).post(f"/contacts/{third}/decision", NFA).status_code == 201


def test_a_siblings_contacts_count_towards_cumulative_concern(world, api, child):
    w = world
    sister = PersonFactory(given_name="Paula", family_name="Fictional")
    Relationship.objects.create(from_person=sister, to_person=child, relationship_type="sibling")
    decided_contact(
        api,
        w,
        sister,
        days_ago=100,
        subjects=[
            {"role": "subject_child", "given_name": "Paula", "family_name": "Fictional", "date_of_birth": "2016-05-14"}
        ],
    )
    decided_contact(
        api,
        w,
        sister,
        days_ago=50,
        subjects=[
            {"role": "subject_child", "given_name": "Paula", "family_name": "Fictional", "date_of_birth": "2016-05-14"}
        ],
    )
    third = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, third, child)
    concern = api(w.screener).get(f"/contacts/{third}").json()["cumulative_concern"]
    assert concern["triggered"] is True and concern["count"] == 3
    assert "brother or sister" in concern["summary"]
    r = api(w.manager).post(f"/contacts/{third}/decision", NFA)
    assert r.status_code == 422 and "history_acknowledgement" in fields(r)


@override_settings(SAFEGUARD_TIMESCALES={"repeat_contact_threshold": 2})
def test_the_threshold_is_configurable(world, api, child):
    w = world
    decided_contact(api, w, child, days_ago=10)
    second = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, second, child)
    assert api(w.manager).post(f"/contacts/{second}/decision", NFA).status_code == 422


def test_partner_sees_the_child_only_while_its_information_request_is_open(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)
    screener = api(w.screener)
    r = screener.post(
        f"/contacts/{contact_id}/information-requests",
        {"team_id": w.police_team.pk, "question": "Any incidents at the address?"},
    )
    assert r.status_code == 422 and "rag" in fields(r)
    screener.post(f"/contacts/{contact_id}/screening", {"rag": "red"})
    r = screener.post(
        f"/contacts/{contact_id}/information-requests",
        {"team_id": w.police_team.pk, "question": "Any incidents at the address?"},
    )
    assert r.status_code == 201
    request = r.json()
    assert request["rag"] == "red" and request["due_at"] > request["requested_at"]
    officer = api(w.officer)
    assert officer.get(f"/people/{child.pk}").status_code == 200
    mine = officer.get("/information-requests").json()
    assert [m["id"] for m in mine] == [request["id"]]
    assert [c["name"] for c in officer.get(f"/information-requests/{request['id']}").json()["children"]] == [
        "Peter Fictional"
    ]
    r = officer.post(f"/information-requests/{request['id']}/answer", {"answer": ""})
    assert r.status_code == 422 and "answer" in fields(r)
    r = officer.post(f"/information-requests/{request['id']}/answer", {"answer": "Two DA call-outs in March."})
    assert r.status_code == 200 and r.json()["status"] == "answered"
    assert officer.get(f"/people/{child.pk}").status_code == 404
    assert officer.get(f"/information-requests/{request['id']}").json()["children"] == []
    assert api(w.nurse).get(f"/information-requests/{request['id']}").status_code == 404
    answered = screener.get(f"/contacts/{contact_id}").json()["information_requests"][0]
    assert answered["answer"] == "Two DA call-outs in March." and answered["late"] is False


def test_red_requests_are_due_sooner_than_green_and_hours_are_configurable():
    start = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))  # a Monday
    assert clock.information_request_due(start, "red") < clock.information_request_due(start, "green")
    assert timezone.localtime(clock.information_request_due(start, "red")).hour == 13
    with override_settings(SAFEGUARD_TIMESCALES={"information_request_hours_red": 2}):
        assert timezone.localtime(clock.information_request_due(start, "red")).hour == 11


def test_a_dissenting_agency_raises_a_challenge_from_the_decision(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)
    screener = api(w.screener)
    screener.post(f"/contacts/{contact_id}/screening", {"rag": "amber"})
    req = screener.post(
        f"/contacts/{contact_id}/information-requests",
        {"team_id": w.police_team.pk, "question": "What do police hold?"},
    ).json()
    officer = api(w.officer)
    officer.post(f"/information-requests/{req['id']}/answer", {"answer": "Father arrested for assault last month."})
    r = officer.post(
        f"/contacts/{contact_id}/threshold-views",
        {"recommended_outcome": "strategy_discussion", "rationale": "Risk of significant harm from father."},
    )
    assert r.status_code == 201
    screener.post(
        f"/contacts/{contact_id}/threshold-views",
        {"recommended_outcome": "assessment", "rationale": "Needs assessing, not s47 yet."},
    )
    r = api(w.nurse).post(
        f"/contacts/{contact_id}/threshold-views", {"recommended_outcome": "nfa", "rationale": "Not asked."}
    )
    assert r.status_code == 404
    decision = (
        api(w.manager)
        .post(
            f"/contacts/{contact_id}/decision",
            {"outcome": "assessment", "rationale": "Assessment will test the risk from father."},
        )
        .json()
    )
    assert set(decision["agreed_agencies"]) == {"Shire Council"}
    assert decision["dissenting_agencies"] == ["Shire Police"]

    r = officer.post(
        f"/decisions/{decision['id']}/challenges",
        {
            "person_id": str(child.pk),
            "concern": "Police hold evidence of significant harm: a strategy discussion is needed.",
        },
    )
    assert r.status_code == 201, r.content
    challenge = ProfessionalChallenge.objects.get()
    assert challenge.owner == w.manager and challenge.subject_id == decision["id"]
    assert r.json()["stage_label"] == "Practitioner to practitioner"
    # Someone with no part in the decision cannot challenge it (and learns nothing about it).
    r = api(w.nurse).post(
        f"/decisions/{decision['id']}/challenges",
        {"person_id": str(child.pk), "concern": "I disagree with this decision entirely."},
    )
    assert r.status_code == 404
    r = officer.post(f"/decisions/{decision['id']}/challenges", {"person_id": str(child.pk), "concern": "short"})
    assert r.status_code == 422 and "concern" in fields(r)


def test_strategy_discussion_decision_sends_the_signal_with_the_children(world, api, child):
    w = world
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    strategy_discussion_needed.connect(receiver)
    try:
        contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
        link_child(api, w, contact_id, child)
        decision = (
            api(w.manager)
            .post(
                f"/contacts/{contact_id}/decision",
                {"outcome": "strategy_discussion", "rationale": "Reasonable cause to suspect significant harm."},
            )
            .json()
        )
    finally:
        strategy_discussion_needed.disconnect(receiver)
    assert len(received) == 1
    assert received[0]["children"] == [child]
    assert str(received[0]["source"].pk) == decision["id"]
    assert received[0]["actor"] == w.manager


def test_domestic_abuse_triage_and_early_help_decisions_create_their_records(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body(categories=["domestic_abuse"])).json()["id"]
    link_child(api, w, contact_id, child)
    decision = (
        api(w.manager)
        .post(f"/contacts/{contact_id}/decision", {"outcome": "da_triage", "rationale": "For tomorrow's DA triage."})
        .json()
    )
    assert decision["next_record"]["type"] == "triage_item"
    assert TriageItem.objects.filter(contact_id=contact_id, meeting__isnull=True).exists()


def test_a_decided_contact_cannot_be_decided_again(world, api, child):
    w = world
    contact_id = decided_contact(api, w, child)
    r = api(w.manager).post(
        f"/contacts/{contact_id}/decision", {"outcome": "assessment", "rationale": "Changed my mind."}
    )
    assert r.status_code == 409
