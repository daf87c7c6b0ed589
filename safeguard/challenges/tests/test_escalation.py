"""Professional challenge: stages with owners and due dates, outcomes, automatic escalation, partnership view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.access.models import AuditEntry
from safeguard.agencies.roles import AgencyType, Role
from safeguard.challenges.models import ProfessionalChallenge, Stage
from safeguard.challenges.services import challenges_escalate_overdue
from safeguard.core import clock
from safeguard.core.models import ChronologyEvent, Task
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role

API = "/api/v1"


@pytest.fixture
def people(db):
    csc = TeamFactory(agency=AgencyFactory(name="Shire CSC", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE), name="FD")
    other = TeamFactory(agency=csc.agency, name="Service managers")
    school = TeamFactory(agency=AgencyFactory(name="Oakfield Primary", agency_type=AgencyType.EDUCATION), name="S")
    board = TeamFactory(agency=AgencyFactory(name="Shire Partnership", agency_type=AgencyType.PARTNERSHIP), name="B")
    p = {
        "decider": practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=csc, username="decider"),
        "manager": practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=csc, username="fdm"),
        "peer": practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=other, username="peer"),
        "senior": practitioner_with_role(Role.HEAD_OF_SERVICE, team=other, username="senior"),
        "dsl": practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD, team=school, username="dsl"),
        "board": practitioner_with_role(Role.PARTNERSHIP_ANALYST, team=board, username="board"),
        "lead": practitioner_with_role(Role.PARTNERSHIP_LEAD, team=board, username="lead"),
        "child": PersonFactory(),
    }
    involve(p["child"], practitioner=p["dsl"], kind="supervising")
    involve(p["child"], practitioner=p["decider"], kind="front_door_contact")
    return p


def _client(who):
    c = Client()
    c.force_login(who)
    return c


def _raise(p, owner="decider"):
    response = _client(p["dsl"]).post(
        API + "/challenges",
        {
            "child_id": str(p["child"].pk),
            "concern": "Fourth contact about Peter closed with no assessment",
            "owner_id": p[owner].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_challenge_escalates_automatically_when_stage_overdue(people):
    body = _raise(people)
    assert body["stage"] == Stage.PRACTITIONER
    due = clock.challenge_stage_due(timezone.localdate(), Stage.PRACTITIONER)
    assert body["stage_due_on"] == due.isoformat()
    assert challenges_escalate_overdue(today=due) == 0  # due today is not overdue
    assert challenges_escalate_overdue(today=due + timedelta(days=1)) == 1
    assert challenges_escalate_overdue(today=due + timedelta(days=1)) == 0  # idempotent
    challenge = ProfessionalChallenge.objects.get()
    assert challenge.stage == Stage.MANAGERS and challenge.owner == people["manager"]
    step = challenge.steps.get(stage=Stage.MANAGERS)
    assert step.automatic and challenge.steps.get(stage=Stage.PRACTITIONER).outcome.startswith("No outcome")
    assert Task.objects.filter(kind="challenge_response", assignee=people["manager"], status="open").exists()
    assert not Task.objects.filter(kind="challenge_response", assignee=people["decider"], status="open").exists()
    assert ChronologyEvent.objects.filter(person=people["child"], event_type="challenge_escalated").exists()
    assert AuditEntry.objects.filter(object_id=str(challenge.pk), purpose="automatic escalation").exists()
    # Seen by the raiser through the API, with the history of stages.
    got = _client(people["dsl"]).get(API + f"/challenges/{challenge.pk}").json()
    assert [s["stage"] for s in got["steps"]] == [0, 1]


def test_unresolved_outcome_moves_to_senior_managers_and_resolution_closes(people):
    body = _raise(people)
    c = _client(people["decider"])
    r = c.post(
        API + f"/challenges/{body['id']}/respond", {"outcome": "", "resolved": False}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "outcome"
    c.post(
        API + f"/challenges/{body['id']}/respond",
        {"outcome": "Decision stands: threshold not met", "resolved": False},
        content_type="application/json",
    )
    m = _client(people["manager"])
    r = m.post(
        API + f"/challenges/{body['id']}/respond",
        {"outcome": "Manager agrees with the decision", "resolved": False},
        content_type="application/json",
    )
    assert r.json()["stage"] == Stage.SENIOR_MANAGERS and r.json()["owner_id"] == people["senior"].pk
    s = _client(people["senior"])
    r = s.post(
        API + f"/challenges/{body['id']}/respond",
        {"outcome": "Assessment to start; learning shared with the team", "resolved": True},
        content_type="application/json",
    )
    assert r.json()["status"] == "resolved"
    assert not Task.objects.filter(kind="challenge_response", status="open").exists()


def test_partnership_view_lists_open_challenges_by_agency_and_age(people):
    _raise(people)
    rows = _client(people["board"]).get(API + "/challenges/partnership")
    assert rows.status_code == 200
    body = rows.json()
    assert body[0]["agency"] == "Oakfield Primary" and body[0]["count"] == 1
    assert (
        body[0]["challenges"][0]["age_days"] == 0
        and body[0]["challenges"][0]["stage"] == "Practitioner to practitioner"
    )
    assert "Peter" not in rows.content.decode()
    # A practitioner who is not a manager or partnership member does not see it.
    assert _client(people["dsl"]).get(API + "/challenges/partnership").status_code == 404


def test_outsider_cannot_see_a_challenge(people):
    body = _raise(people)
    outsider = practitioner_with_role(Role.SOCIAL_WORKER, username="outsider")
    assert _client(outsider).get(API + f"/challenges/{body['id']}").status_code == 404


def _respond(who, challenge_id, outcome="The decision stands: threshold not met", resolved=False):
    r = _client(who).post(
        API + f"/challenges/{challenge_id}/respond",
        {"outcome": outcome, "resolved": resolved},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    return r.json()


def test_a_challenge_not_resolved_goes_up_to_someone_senior_who_did_not_decide_and_on_when_overdue(people):
    """The front door team has one manager, who made the decision. 'Not resolved' must not leave
    the challenge with them: it goes to the head of service, then (when overdue) the partnership lead."""
    from django.core.management import call_command
    from django.test import override_settings

    from safeguard.testing.factories import involve

    involve(people["child"], practitioner=people["manager"], kind="front_door_contact")
    monday = timezone.make_aware(timezone.datetime(2026, 12, 14, 10, 0))
    with override_settings(SAFEGUARD_TRAINING=True, SAFEGUARD_CLOCK_NOW=monday):
        body = _raise(people, owner="manager")
        assert body["owner_id"] == people["manager"].pk and body["decision_maker_name"] == str(people["manager"])
        moved = _respond(people["manager"], body["id"])
        assert moved["stage"] == Stage.SENIOR_MANAGERS and moved["owner_id"] == people["senior"].pk
        assert moved["owner_id"] not in (people["manager"].pk, people["peer"].pk)  # up, not sideways or back
        assert moved["owner_role"] == "Head of service (service manager)"
        assert "no manager of the team that made the decision" in moved["owner_reason"]
        assert moved["stage_due_on"] == "2026-12-21"  # 5 working days on, by the training clock
        assert not Task.objects.filter(kind="challenge_response", assignee=people["manager"], status="open").exists()
    # Nobody answers by the due date: the periodic work, as of the day after, escalates it again.
    with override_settings(SAFEGUARD_TRAINING=True):
        call_command("run_scheduled_work", "--as-of", "2026-12-21T18:00")
        challenge = ProfessionalChallenge.objects.get()
        assert challenge.stage == Stage.SENIOR_MANAGERS  # due today is not overdue
        call_command("run_scheduled_work", "--as-of", "2026-12-22T07:00")
    challenge.refresh_from_db()
    assert challenge.stage == Stage.PARTNERSHIP and challenge.owner == people["lead"] and challenge.owner_reason == ""
    assert [s.owner for s in challenge.steps.order_by("recorded_at", "pk")] == [
        people["manager"],
        people["senior"],
        people["lead"],
    ]
    assert Task.objects.get(kind="challenge_response", status="open").assignee == people["lead"]
    # The lead's task leads to the challenge itself, where the outcome is recorded.
    from safeguard.core.work import task_link

    task = Task.objects.get(kind="challenge_response", status="open")
    assert task_link(task, people["lead"]) == f"/protection/challenges/{challenge.pk}/"


def test_with_nobody_senior_and_independent_in_the_agency_the_partnership_lead_holds_it_and_says_why(people):
    police = TeamFactory(agency=AgencyFactory(name="Shire Police", agency_type=AgencyType.POLICE), name="PPU")
    officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION, team=police, username="officer")
    involve(people["child"], practitioner=officer, kind="supervising")
    body = _raise(people, owner="decider")
    ProfessionalChallenge.objects.filter(pk=body["id"]).update(owner=officer)
    ProfessionalChallenge.objects.get(pk=body["id"]).steps.update(owner=officer)
    moved = _respond(officer, body["id"])
    assert moved["owner_id"] == people["lead"].pk and moved["stage"] == Stage.PARTNERSHIP
    assert moved["owner_reason"] == (
        "Held by the partnership lead: there is no manager of the team that made the decision and no head of "
        "service in Shire Police who is more senior than, and independent of, the decision"
    )
    got = _client(people["lead"]).get(API + f"/challenges/{body['id']}").json()
    assert got["owner_reason"] == moved["owner_reason"] and got["steps"][-1]["note"].endswith(moved["owner_reason"])
    assert "held by the partnership lead" in Task.objects.get(status="open", kind="challenge_response").title
    page = _client(people["lead"]).get(f"/protection/challenges/{body['id']}/").content.decode()
    assert "Partnership safeguarding lead" in page and moved["owner_reason"] in page
    assert "escalate to the next stage" not in page  # the partnership's stage is the last
    assert "the partnership&#x27;s conclusion is final" in page


def test_a_head_of_service_who_decided_is_never_given_it_back(people):
    involve(people["child"], practitioner=people["senior"], kind="front_door_contact")
    body = _raise(people, owner="senior")
    moved = _respond(people["senior"], body["id"])
    assert moved["owner_id"] == people["lead"].pk and "no manager of the team" in moved["owner_reason"]


def test_a_bad_raise_is_refused_on_every_field_at_once_before_anything_is_recorded(people):
    """A concern too short to be a reason and no owner: both said together (the service used to stop
    at the first), in the words the page uses, and no challenge is recorded."""
    r = _client(people["dsl"]).post(
        API + "/challenges", {"child_id": str(people["child"].pk), "concern": "No"}, content_type="application/json"
    )
    assert r.status_code == 422
    assert {(e["field"], e["message"]) for e in r.json()["errors"]} == {
        ("concern", "Say what you disagree with and why"),
        ("owner_id", "Choose who the challenge is to"),
    }
    assert not ProfessionalChallenge.objects.exists()


def test_my_challenges_are_those_i_raised_or_hold_now_not_those_i_passed_on(people):
    from safeguard.challenges.selectors import challenges_for

    body = _raise(people)
    assert [c.pk for c in challenges_for(actor=people["dsl"])] == [ProfessionalChallenge.objects.get().pk]
    assert [str(c.pk) for c in challenges_for(actor=people["decider"])] == [body["id"]]
    _respond(people["decider"], body["id"])  # escalated: the manager holds it now
    assert list(challenges_for(actor=people["decider"])) == []
    assert [str(c.pk) for c in challenges_for(actor=people["manager"])] == [body["id"]]
