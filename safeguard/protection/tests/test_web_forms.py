"""The practitioner forms: each page's happy path, a validation error that keeps what was typed,
and 404 for someone who may not see the child."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.challenges.models import ProfessionalChallenge
from safeguard.core import clock
from safeguard.core.models import Task
from safeguard.protection.models import (
    Action,
    Allocation,
    Conference,
    CoreGroup,
    Plan,
    PlanOutcome,
    ReconveneReview,
    SignificantEvent,
    StatutoryVisit,
    StrategyDiscussion,
)
from safeguard.protection.tests.helpers import hold_discussion, post, propose, record_through_tasks
from safeguard.protection.tests.test_conferences_plans import _icpc, _record

TODAY = timezone.localdate


def _discussion_post(world, d, **extra):
    discussion = StrategyDiscussion.objects.get(pk=d["id"])
    data = {
        "held_on": TODAY().isoformat(),
        "information_shared": "Police: no previous. School: recent change in behaviour.",
        "section_47": "single_agency",
        "section_47_reason": "Reasonable cause to suspect significant harm",
        "action_rows": "3",
    }
    for inv in discussion.invitations.filter(removed=False):
        data[f"attendance_{inv.pk}"] = "present"
    data.update(extra)
    return data


def _row(i, world, child, description="Visit the family", owner=None):
    return {
        f"action_{i}_description": description,
        f"action_{i}_owner": str((owner or world.social_worker).pk),
        f"action_{i}_due_on": (TODAY() + timedelta(days=7)).isoformat(),
        f"action_{i}_child": str(child.pk),
    }


def _record_discussion(c, d, data):
    return record_through_tasks(c, "strategy-discussion", d["id"], data)


# --- 1. Strategy discussion with several actions ---------------------------------------------------


def test_discussion_records_several_actions(world):
    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    data = _discussion_post(world, d, **_row(0, world, world.pupil), **_row(1, world, world.pupil, "Speak to school"))
    response = _record_discussion(c, d, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(Action.objects.values_list("description", flat=True)) == ["Speak to school", "Visit the family"]


def test_discussion_action_without_owner_due_date_or_child_gets_field_errors_and_keeps_input(world):
    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    data = _discussion_post(world, d, **_row(0, world, world.pupil), action_1_description="Check GP records")
    response = _record_discussion(c, d, data)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    for anchor in ("#id_action_1_owner", "#id_action_1_due_on_day", "#id_action_1_child"):
        assert f'href="{anchor}"' in html
    assert "Choose who owns this action" in html and "Choose the child this action is for" in html
    assert 'value="Check GP records"' in html and 'value="Visit the family"' in html
    assert not Action.objects.exists()
    assert StrategyDiscussion.objects.get(pk=d["id"]).status == "awaiting"


def test_discussion_add_another_action_adds_a_row_without_saving_or_errors(world):
    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    url = f"/protection/meetings/strategy-discussion/{d['id']}/record/actions/"
    html = c.post(url, {"action_rows": "3", "add_action": "1", "action_0_description": "Visit"}).content.decode()
    assert 'name="action_3_description"' in html and 'value="Visit"' in html
    assert "There is a problem" not in html
    assert not Action.objects.exists()
    assert world.client(world.outsider).post(url, {}).status_code == 404


# --- 2. Initial child protection conference: schedule and record ----------------------------------


def test_schedule_icpc_shows_clock_and_needs_reason_when_late(world):
    hold_discussion(world, [world.pupil])
    url = f"/protection/children/{world.pupil.pk}/conferences/new/"
    c = world.client(world.social_worker)
    due = clock.icpc_due(TODAY())
    html = c.get(url).content.decode()
    assert f"Due by <strong>{due:%A %-d %B %Y}</strong> (15 working days" in html
    late_day = due + timedelta(days=7)
    late = late_day.isoformat()
    response = c.post(url, {"scheduled_for": late, "chair_id": str(world.chair.pk)})
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_late_reason"' in html
    assert f'name="scheduled_for_day" value="{late_day.day}"' in html  # what was typed is kept
    assert not Conference.objects.exists()
    response = c.post(url, {"scheduled_for": late, "chair_id": str(world.chair.pk), "late_reason": "Police on leave"})
    conference = Conference.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/protection/conferences/{conference.pk}/"
    assert conference.late_reason == "Police on leave" and conference.chair == world.chair
    assert world.client(world.outsider).get(url).status_code == 404


def _conference_data(conference, **extra):
    data = {
        "held_on": TODAY().isoformat(),
        "reports_received": "Police, school and GP reports",
        "child_views": "Wants to stay at home",
        "child_views_how_sought": "Direct work at school",
        "parents_views": "Mother accepts the concerns",
        "decision": "plan",
        "category": "SAB",
        "sexual_abuse_intra_familial": "yes",
    }
    for inv in conference.invitations.filter(removed=False):
        data[f"attendance_{inv.pk}"] = "present"
    data.update(extra)
    return data


def test_record_conference_with_plan_and_sexual_abuse_within_family(world):
    hold_discussion(world, [world.pupil])
    conference = Conference.objects.get(pk=_icpc(world, world.pupil)["id"])
    url = f"/protection/conferences/{conference.pk}/"
    c = world.client(world.chair)
    response = record_through_tasks(c, "conference", conference.pk, _conference_data(conference,
                                    sexual_abuse_intra_familial=""))  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_sexual_abuse_intra_familial_0"' in html
    views = c.get(f"/protection/meetings/conference/{conference.pk}/record/views/").content.decode()
    assert "Wants to stay at home" in views and not Plan.objects.exists()  # kept in the draft
    response = record_through_tasks(c, "conference", conference.pk, _conference_data(conference))
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.category == "SAB" and plan.sexual_abuse_intra_familial is True
    assert "Open the child protection plan" in c.get(url).content.decode()
    assert world.client(world.outsider).get(url).status_code == 404


def test_record_conference_for_disabled_child_needs_communication_method(world):
    hold_discussion(world, [world.special_pupil])
    conference = Conference.objects.get(pk=_icpc(world, world.special_pupil)["id"])
    c = world.client(world.chair)
    html = record_through_tasks(c, "conference", conference.pk, _conference_data(conference)).content.decode()
    assert "The child is disabled: record the communication method used" in html
    data = _conference_data(conference, communication_method="Makaton with her teaching assistant")
    assert record_through_tasks(c, "conference", conference.pk, data).status_code == 302


# --- 3. Plans: outcomes, core groups, visits -------------------------------------------------------


@pytest.fixture
def plan(world):
    hold_discussion(world, [world.pupil])
    conf = _icpc(world, world.pupil)
    post(world.client(world.chair), f"/protection/conferences/{conf['id']}/record", _record(world, conf))
    return Plan.objects.get()


def test_plan_outcome_with_actions_per_agency(world, plan):
    url = f"/protection/plans/{plan.pk}/outcomes/new/"
    c = world.client(world.social_worker)
    due = (TODAY() + timedelta(days=14)).isoformat()
    data = {
        "action_rows": "3",
        "description": "Dan is safe at home and attends school every day",
        "action_0_description": "Weekly direct work",
        "action_0_owner": str(world.social_worker.pk),
        "action_0_due_on": due,
        "action_0_measure": "Dan says he feels safe",
        "action_1_description": "Attendance check",
        "action_1_owner": str(world.dsl.pk),
        "action_1_due_on": due,
    }
    html = c.post(url, data).content.decode()
    assert 'href="#id_action_1_measure"' in html and 'value="Attendance check"' in html
    assert not PlanOutcome.objects.exists()
    data["action_1_measure"] = "Attendance above 95%"
    assert c.post(url, data).status_code == 302
    outcome = PlanOutcome.objects.get()
    assert {a.owner_agency.name for a in outcome.actions.all()} == {"Shire Children's Services", "Oakfield Primary"}
    assert world.client(world.outsider).get(url).status_code == 404


def test_core_group_and_statutory_visit(world, plan):
    Plan.objects.filter(pk=plan.pk).update(status="active")
    c = world.client(world.social_worker)
    core_url, visit_url = f"/protection/plans/{plan.pk}/core-groups/new/", f"/protection/plans/{plan.pk}/visits/new/"
    html = c.post(core_url, {"notes": "Progress on attendance"}).content.decode()
    assert 'href="#id_held_on_day"' in html and "Progress on attendance" in html
    assert c.post(core_url, {"held_on": TODAY().isoformat(), "notes": "Good progress"}).status_code == 302
    assert CoreGroup.objects.get().notes == "Good progress"
    future = TODAY() + timedelta(days=3)
    typed = {
        "visited_on_day": str(future.day),
        "visited_on_month": str(future.month),
        "visited_on_year": str(future.year),
    }
    html = c.post(visit_url, {**typed, "seen_alone": "yes"}).content.decode()
    assert "Date of the visit must be today or in the past" in html
    assert f'name="visited_on_year" value="{future.year}"' in html
    assert c.post(visit_url, {"visited_on": TODAY().isoformat(), "seen_alone": "yes"}).status_code == 302
    assert StatutoryVisit.objects.get().seen_alone is True
    assert "child seen alone" in c.get(f"/protection/plans/{plan.pk}/").content.decode()
    page = c.get(f"/protection/plans/{plan.pk}/").content.decode()
    assert "Statutory visit" in page and "Core group" in page
    outsider = world.client(world.outsider)
    assert outsider.get(core_url).status_code == 404 and outsider.get(visit_url).status_code == 404


# --- 4. Allocation ---------------------------------------------------------------------------------


def test_change_allocated_social_worker(world):
    from safeguard.agencies.roles import Role
    from safeguard.testing.factories import practitioner_with_role

    new_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=world.social_worker.primary_membership.team)
    url = f"/protection/children/{world.pupil.pk}/allocation/"
    c = world.client(world.manager)
    html = c.post(url, {"reason": "Caseload balancing"}).content.decode()
    assert 'href="#id_worker_id"' in html and 'value="Caseload balancing"' in html
    response = c.post(url, {"worker_id": str(new_worker.pk), "reason": "Caseload balancing"})
    assert response.status_code == 302
    assert Allocation.objects.get(child=world.pupil, ends_on__isnull=True).worker == new_worker
    assert "Social workers in the last 12 months" in c.get(response["Location"]).content.decode()
    assert world.client(world.outsider).get(url).status_code == 404


# --- 5. Significant events and reconvene requests --------------------------------------------------


def test_significant_event_from_any_agency_raises_consider_reconvening(world):
    hold_discussion(world, [world.pupil])
    url = f"/protection/people/{world.pupil.pk}/significant-events/new/"
    c = world.client(world.police)
    html = c.get(url).content.decode()
    assert "New birth" in html and "Missing episode" in html
    data = {"person_ids": [str(world.pupil.pk)], "occurred_on": TODAY().isoformat(),
            "summary": "Bail conditions lifted"}  # fmt: skip
    html = c.post(url, data).content.decode()
    assert 'href="#id_event_type_0"' in html and "Bail conditions lifted" in html
    assert not SignificantEvent.objects.exists()
    response = c.post(url, {**data, "event_type": "bail_changed"})
    assert response.status_code == 302
    review = ReconveneReview.objects.get(child=world.pupil)
    assert Task.objects.filter(kind="consider_reconvening", source_id=str(review.pk)).exists()
    assert world.client(world.outsider).get(url).status_code == 404


def test_request_a_reconvene(world):
    hold_discussion(world, [world.pupil])
    url = f"/protection/children/{world.pupil.pk}/reconvene/request/"
    c = world.client(world.dsl)
    html = c.post(url, {"reason": "New"}).content.decode()
    assert 'href="#id_reason"' in html and "New</textarea>" in html
    assert c.post(url, {"reason": "New disclosure to the teacher this morning"}).status_code == 302
    assert ReconveneReview.objects.get().requested_by == world.dsl
    assert world.client(world.outsider).post(url, {"reason": "x" * 20}).status_code == 404


# --- 6. Professional challenge ---------------------------------------------------------------------


def test_raise_a_challenge_about_a_decision_then_escalate_and_resolve(world):
    hold_discussion(world, [world.pupil])
    url = f"/protection/children/{world.pupil.pk}/challenges/new/"
    c = world.client(world.dsl)
    html = c.get(url).content.decode()
    assert "Strategy discussion decision" in html
    html = c.post(url, {"subject": "case", "concern": "I disagree with the decision"}).content.decode()
    assert 'href="#id_owner_id"' in html and "I disagree with the decision" in html
    discussion = StrategyDiscussion.objects.get()
    response = c.post(
        url,
        {
            "subject": f"discussion:{discussion.pk}",
            "owner_id": str(world.social_worker.pk),
            "concern": "The school's information was not considered",
        },
    )
    challenge = ProfessionalChallenge.objects.get()
    assert response.status_code == 302 and challenge.subject_id == str(discussion.pk)
    sw = world.client(world.social_worker)
    page = f"/protection/challenges/{challenge.pk}/"
    assert sw.post(page, {"outcome": "We do not agree; please escalate", "resolved": "no"}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.stage == 1
    summary = sw.get(f"/protection/children/{world.pupil.pk}/").content.decode()
    assert f"/protection/challenges/{challenge.pk}/" in summary and "managers stage" in summary
    assert world.client(world.outsider).get(url).status_code == 404


def test_schedule_icpc_before_any_strategy_discussion_says_so_at_the_top(world):
    url = f"/protection/children/{world.pupil.pk}/conferences/new/"
    html = world.client(world.social_worker).post(url, {"scheduled_for": TODAY().isoformat()}).content.decode()
    assert "There is a problem" in html and "Hold a strategy discussion before an initial conference" in html
    assert not Conference.objects.exists()
