"""Meetings as meetings: arranged with a date, time and place; invitations on each named invitee's
work; rescheduled or cancelled with a reason (kept, on the chronology, audited); never dated before
what they follow nor recorded as held in the future; a calendar per practitioner and per team."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditEntry
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.protection import selectors, services
from safeguard.protection.models import (
    Conference,
    CoreGroup,
    DiscussionStatus,
    MeetingChange,
    Plan,
    PlanStatus,
    StrategyDiscussion,
)
from safeguard.protection.tests.helpers import error_fields, get, hold_discussion, post, propose, record_payload

TODAY = timezone.localdate


def _arrange(world, discussion_id, days=2, status=200, **overrides):
    body = {"scheduled_for": (TODAY() + timedelta(days)).isoformat(), "starts_at": "10:00",
            "place": "Room 2, Shire Hall", **overrides}  # fmt: skip
    c = world.client(world.social_worker)
    return post(c, f"/protection/strategy-discussions/{discussion_id}/arrange", body, status)


def _invitation_tasks(practitioner):
    return Task.objects.filter(kind="meeting_invitation", assignee=practitioner)


def test_arranging_a_strategy_discussion_sends_each_named_invitee_the_invitation(world):
    d = propose(world, [world.pupil])
    assert not _invitation_tasks(world.dsl).exists()  # no date yet: nothing to attend
    body = _arrange(world, d["id"])
    assert body["arrangements"].endswith("at 10am, Room 2, Shire Hall")
    task = _invitation_tasks(world.dsl).get()
    assert task.due_on == TODAY() + timedelta(2) and task.status == TaskStatus.OPEN
    assert "strategy discussion about Dan" in task.title
    assert world.pupil.chronology.filter(event_type=EventType.MEETING_SCHEDULED).exists()
    # The invitation is on the school's safeguarding lead's own "Your work".
    assert "strategy discussion about Dan" in world.client(world.dsl).get("/").content.decode()


def test_a_meeting_needs_a_date_not_in_the_past_a_time_and_a_place_and_nothing_changes_otherwise(world):
    d = propose(world, [world.pupil])
    body = _arrange(world, d["id"], days=-1, starts_at=None, place="", status=422)
    assert error_fields(body) == {"scheduled_for", "starts_at", "place"}
    assert StrategyDiscussion.objects.get(pk=d["id"]).scheduled_for is None
    assert not _invitation_tasks(world.dsl).exists()


def test_rescheduling_keeps_the_change_moves_the_invitations_and_goes_on_the_chronology(world):
    d = propose(world, [world.pupil])
    _arrange(world, d["id"])
    c = world.client(world.social_worker)
    path = f"/protection/meetings/strategy-discussion/{d['id']}/reschedule"
    new = TODAY() + timedelta(days=4)
    body = post(c, path, {"scheduled_for": new.isoformat(), "starts_at": "14:30", "place": "Video call"}, 422)
    assert error_fields(body) == {"reason"}
    assert _invitation_tasks(world.dsl).get().due_on == TODAY() + timedelta(2)  # nothing changed
    body = post(c, path, {"scheduled_for": new.isoformat(), "starts_at": "14:30", "place": "Video call",
                          "reason": "The police officer is in court on the first date"})  # fmt: skip
    assert body["scheduled_for"] == new.isoformat() and body["starts_at"] == "14:30"
    change = body["changes"][0]
    assert change["change_label"] == "Rescheduled" and "10am" in change["was"] and "2:30pm, Video call" in change["now"]
    assert _invitation_tasks(world.dsl).get().due_on == new
    event = world.pupil.chronology.get(event_type=EventType.MEETING_RESCHEDULED)
    assert "in court" in event.summary
    assert AuditEntry.objects.filter(purpose="rescheduled a strategy discussion").exists()
    # Moving it to the same arrangements is not a change.
    same = {"scheduled_for": new.isoformat(), "starts_at": "14:30", "place": "Video call", "reason": "No change really"}
    assert error_fields(post(c, path, same, 422)) == {"scheduled_for"}


def test_cancelling_withdraws_the_invitations_and_the_meeting_cannot_then_be_recorded(world):
    d = propose(world, [world.pupil])
    _arrange(world, d["id"])
    c = world.client(world.social_worker)
    path = f"/protection/meetings/strategy-discussion/{d['id']}/cancel"
    assert error_fields(post(c, path, {"reason": ""}, 422)) == {"reason"}
    body = post(c, path, {"reason": "Agreed single-agency response: the family moved out of the area"})
    assert body["cancelled"] is True
    assert StrategyDiscussion.objects.get(pk=d["id"]).status == DiscussionStatus.CANCELLED
    assert _invitation_tasks(world.dsl).get().status == TaskStatus.CANCELLED
    assert world.pupil.chronology.filter(event_type=EventType.MEETING_CANCELLED).exists()
    # A well-formed record is refused for the meeting's state (one lacking answers is refused for those first).
    record = record_payload(world, d)
    assert "status" in error_fields(post(c, f"/protection/strategy-discussions/{d['id']}/record", record, 422))
    assert error_fields(post(c, path, {"reason": "Cancelled twice by mistake"}, 422)) == {"reason"}


def test_an_initial_conference_cannot_be_before_its_strategy_discussion_nor_held_in_the_future(world):
    hold_discussion(world, [world.pupil])
    c = world.client(world.social_worker)
    body = post(c, "/protection/conferences", {"child_id": str(world.pupil.pk), "kind": "initial",
                "scheduled_for": (TODAY() - timedelta(days=1)).isoformat()}, 422)  # fmt: skip
    assert error_fields(body) == {"scheduled_for"}
    # The page's words for a date in the past (the input definition's); the service holds its own rule.
    assert body["errors"][0]["message"] == "The date of the conference must be today or in the future"
    with pytest.raises(InvalidInput) as refused:
        services.conference_schedule(actor=world.social_worker, child=world.pupil, kind="initial",
                                     scheduled_for=TODAY() - timedelta(days=1))  # fmt: skip
    assert "cannot be before the strategy discussion" in refused.value.errors["scheduled_for"][0]
    assert not Conference.objects.exists()
    conf = post(c, "/protection/conferences", {"child_id": str(world.pupil.pk), "kind": "initial",
                "scheduled_for": TODAY().isoformat(), "starts_at": "09:30", "place": "Shire Hall"}, 201)  # fmt: skip
    for held_on in (TODAY() + timedelta(days=1), TODAY() - timedelta(days=1)):
        body = post(c, f"/protection/conferences/{conf['id']}/record", {"held_on": held_on.isoformat()}, 422)
        assert "held_on" in error_fields(body)
    assert Conference.objects.get(pk=conf["id"]).held_on is None


def _active_plan(world, started_days_ago=10) -> Plan:
    hold_discussion(world, [world.pupil])
    conference = services.conference_schedule(
        actor=world.social_worker, child=world.pupil, kind="initial", scheduled_for=TODAY()
    )
    started = TODAY() - timedelta(days=started_days_ago)
    Conference.objects.filter(pk=conference.pk).update(held_on=started, decision="plan", category="SAB")
    return Plan.objects.create(child=world.pupil, conference=conference, status=PlanStatus.ACTIVE,
                               started_on=started, category="SAB")  # fmt: skip


def test_a_core_group_cannot_meet_before_the_initial_conference_nor_in_the_future(world):
    plan = _active_plan(world)
    c = world.client(world.social_worker)
    for held_on in (plan.started_on - timedelta(days=2), TODAY() + timedelta(days=1)):
        body = post(c, f"/protection/plans/{plan.pk}/core-groups", {"held_on": held_on.isoformat()}, 422)
        assert error_fields(body) == {"held_on"}
    assert not CoreGroup.objects.exists()
    body = post(c, f"/protection/plans/{plan.pk}/core-groups", {"held_on": (TODAY() - timedelta(days=3)).isoformat()},
                201)  # fmt: skip
    assert CoreGroup.objects.get(pk=body["id"]).held_on == TODAY() - timedelta(days=3)


def test_a_core_group_is_arranged_then_recorded_and_its_invitations_close(world):
    plan = _active_plan(world)
    c = world.client(world.social_worker)
    body = post(c, f"/protection/plans/{plan.pk}/core-groups/schedule", {
        "scheduled_for": TODAY().isoformat(), "starts_at": "15:00", "place": "Oakfield Primary"}, 201)  # fmt: skip
    assert body["title"] == "core group meeting"
    task = _invitation_tasks(world.dsl).get(source_type="protection.coregroup", source_id=body["id"])
    assert task.due_on == TODAY()
    post(c, f"/protection/plans/{plan.pk}/core-groups", {"held_on": TODAY().isoformat(), "notes": "Progress good",
                                                          "core_group_id": body["id"]}, 201)  # fmt: skip
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert CoreGroup.objects.count() == 1


def test_calendars_list_upcoming_meetings_by_day_for_a_practitioner_and_their_team(world):
    d = propose(world, [world.pupil])
    _arrange(world, d["id"], days=3)
    services.meeting_reschedule(
        actor=world.social_worker, meeting=StrategyDiscussion.objects.get(pk=d["id"]),
        scheduled_for=TODAY() + timedelta(days=5), starts_at=time(9), place="Room 1", reason="Chair unavailable",
    )  # fmt: skip
    mine = get(world.client(world.dsl), "/protection/meetings")
    assert [day["date"] for day in mine] == [(TODAY() + timedelta(days=5)).isoformat()]
    assert mine[0]["meetings"][0]["children"] == ["Dan Fictional"]
    # The DSL's team calendar lists the same meeting; a team not theirs is not found.
    team_id = next(iter(world.dsl.team_ids))
    assert get(world.client(world.dsl), f"/protection/meetings?team_id={team_id}")[0]["meetings"][0]["invitees"]
    get(world.client(world.dsl), f"/protection/meetings?team_id={next(iter(world.gp.team_ids))}", 404)
    # A viewer who may not see the child is told a meeting exists, not whom it is about.
    days = selectors.meetings_calendar(actor=world.outsider, practitioner_ids={world.dsl.pk}, start=TODAY())
    assert days[0].meetings[0].children == [] and days[0].meetings[0].hidden_children == 1
    html = world.client(world.dsl).get("/protection/meetings/").content.decode()
    assert (TODAY() + timedelta(days=5)).strftime("%A %-d %B %Y") in html and "9am" in html


def test_meeting_pages_arrange_reschedule_and_cancel_by_form(world):
    d = propose(world, [world.pupil])
    c = world.client(world.social_worker)
    page = c.get(f"/protection/strategy-discussions/{d['id']}/").content.decode()
    assert "Not arranged yet" in page and f"/protection/strategy-discussions/{d['id']}/arrange/" in page
    day = TODAY() + timedelta(days=3)
    form = {"scheduled_for_day": day.day, "scheduled_for_month": day.month, "scheduled_for_year": day.year,
            "starts_at": "2pm", "place": "Shire Hall"}  # fmt: skip
    bad = c.post(f"/protection/strategy-discussions/{d['id']}/arrange/", {**form, "starts_at": "25 o'clock"})
    assert "Enter a real time, like 10am or 2:30pm" in bad.content.decode()
    response = c.post(f"/protection/strategy-discussions/{d['id']}/arrange/", form)
    assert response.status_code == 302
    page = c.get(f"/protection/strategy-discussions/{d['id']}/").content.decode()
    assert f"{day:%A %-d %B %Y} at 2pm, Shire Hall" in page
    path = f"/protection/meetings/strategy-discussion/{d['id']}/reschedule/"
    page = c.post(path, {**form, "place": "Video call"}).content.decode()
    assert "Give the reason for rescheduling" in page
    c.post(path, {**form, "place": "Video call", "reason": "Room flooded; moved online"})
    cancel = f"/protection/meetings/strategy-discussion/{d['id']}/cancel/"
    c.post(cancel, {"reason": "Family moved away; no longer needed"})
    page = c.get(f"/protection/strategy-discussions/{d['id']}/").content.decode()
    assert "Room flooded; moved online" in page and "Cancelled" in page and "Family moved away" in page
    assert MeetingChange.objects.count() == 2
