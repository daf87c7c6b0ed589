"""Arranging, rescheduling and cancelling any meeting (strategy discussion, conference,
core group), and the meeting's arrangements in words."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import AuditAction
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record, source_ref
from safeguard.people.models import Person
from safeguard.protection import selectors
from safeguard.protection.inputs.meetings import (
    CANCEL_REASON_REQUIRED,
    MEETING_PLACE_REQUIRED,
    MEETING_TIME_REQUIRED,
    PLACE_MIN,
    RESCHEDULE_REASON_REQUIRED,
)
from safeguard.protection.models import Conference, DiscussionStatus, MeetingChange, Plan, StrategyDiscussion

from .common import (
    MIN_REASON,
    _add,
    _audit,
    _close_tasks,
    _meeting_date,
    _meeting_kwargs,
    _meeting_open,
    _raise,
    _text,
    meeting_title,
)


def _follows(*, kind: str, child: Person, plan: Plan | None) -> tuple[date | None, str]:
    """The date of what a conference follows, and what it is in words."""
    if kind == Conference.Kind.INITIAL:
        return selectors.last_strategy_discussion_date(child), "the strategy discussion"
    if plan is not None:
        return plan.started_on, "the initial child protection conference"
    return None, ""


def _meeting_follows(meeting) -> tuple[date | None, str]:
    if isinstance(meeting, StrategyDiscussion):
        return timezone.localdate(meeting.created_at), "the decision to hold it"
    if isinstance(meeting, Conference):
        return _follows(kind=meeting.kind, child=meeting.child, plan=meeting.plan)
    return meeting.plan.started_on, "the initial child protection conference"


def _before_message(title: str, what: str, on: date) -> str:
    return f"The {title} cannot be before {what} ({on:%-d %B %Y})"


def time_in_words(value: time | None) -> str:
    """GOV.UK style: 10am, 2:30pm, midday."""
    if value is None:
        return ""
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def arrangements_in_words(meeting) -> str:
    """"Monday 7 December 2026 at 10am, Room 2, Shire Hall" (for history, chronology and tasks)."""
    when = _meeting_date(meeting)
    text = f"{when:%A %-d %B %Y}" if when else "No date set"
    if meeting.starts_at:
        text += f" at {time_in_words(meeting.starts_at)}"
    if meeting.place:
        text += f", {meeting.place}"
    return text[:400]


def _meeting_children_of(meeting) -> list[Person]:
    if isinstance(meeting, StrategyDiscussion):
        return list(meeting.children.all())
    if isinstance(meeting, Conference):
        return [meeting.child]
    return [meeting.plan.child]


def _check_arrangements(errors: dict, meeting, *, scheduled_for, starts_at, place) -> None:
    """A date (today or later, and not before what the meeting follows), a time and a place."""
    title = meeting_title(meeting)
    if not isinstance(scheduled_for, date):
        _add(errors, "scheduled_for", f"Enter the date of the {title}")
    elif scheduled_for < timezone.localdate():
        _add(errors, "scheduled_for", f"The date of the {title} must be today or in the future")
    else:
        follows_on, what = _meeting_follows(meeting)
        if follows_on and scheduled_for < follows_on:
            _add(errors, "scheduled_for", _before_message(title, what, follows_on))
    if not isinstance(starts_at, time):
        _add(errors, "starts_at", MEETING_TIME_REQUIRED)
    if len(_text(place)) < PLACE_MIN:
        _add(errors, "place", MEETING_PLACE_REQUIRED)


def _set_arrangements(meeting, *, scheduled_for, starts_at, place) -> None:
    meeting.scheduled_for, meeting.starts_at, meeting.place = scheduled_for, starts_at, _text(place)[:300]
    meeting.save(update_fields=["scheduled_for", "starts_at", "place"])


def _meeting_events(meeting, *, actor, event_type, summary, on: date) -> None:
    for child in _meeting_children_of(meeting):
        chronology_event_record(
            person=child, event_type=event_type, occurred_on=on, summary=summary, actor=actor, source=meeting
        )


def _check_meeting_change(actor, meeting) -> list[Person]:
    records.require(actor, "change", meeting)
    return _meeting_children_of(meeting)


def _invitation_tasks_follow(meeting) -> None:
    """Invitees' tasks move with the meeting's new date."""
    source_type, source_id = source_ref(meeting)
    Task.objects.filter(
        source_type=source_type, source_id=source_id, kind__in=["meeting_invitation", "chair_conference"],
        status=TaskStatus.OPEN,
    ).update(due_on=_meeting_date(meeting))  # fmt: skip


@transaction.atomic
def meeting_reschedule(
    *, actor, meeting, scheduled_for: date | None, starts_at: time | None, place: str, reason: str
) -> MeetingChange:
    """Move a meeting still to happen to a new date, time or place, with the reason. The change is
    kept with the meeting, on each child's chronology and in the audit log; invitees' tasks follow."""
    children = _check_meeting_change(actor, meeting)
    errors: dict = {}
    if not _meeting_open(meeting):
        _add(errors, "scheduled_for", f"This {meeting_title(meeting)} has been held or cancelled")
    elif _meeting_date(meeting) is None:
        _add(errors, "scheduled_for", f"This {meeting_title(meeting)} has no date yet: arrange it first")
    if not errors:
        _check_arrangements(errors, meeting, scheduled_for=scheduled_for, starts_at=starts_at, place=place)
    unchanged = (scheduled_for, starts_at, _text(place)) == (meeting.scheduled_for, meeting.starts_at, meeting.place)
    if not errors and unchanged:
        _add(errors, "scheduled_for", "Change the date, time or place to reschedule")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", RESCHEDULE_REASON_REQUIRED)
    _raise(errors)
    was = arrangements_in_words(meeting)
    _set_arrangements(meeting, scheduled_for=scheduled_for, starts_at=starts_at, place=place)
    if isinstance(meeting, Conference) and meeting.due_on and scheduled_for > meeting.due_on:
        meeting.late_reason = meeting.late_reason or _text(reason)
        meeting.save(update_fields=["late_reason"])
    now = arrangements_in_words(meeting)
    change = MeetingChange.objects.create(
        **_meeting_kwargs(meeting), change=MeetingChange.Change.RESCHEDULED, was=was, now=now, reason=_text(reason),
        changed_by=actor,
    )  # fmt: skip
    _invitation_tasks_follow(meeting)
    title = meeting_title(meeting)
    _meeting_events(meeting, actor=actor, event_type=EventType.MEETING_RESCHEDULED, on=timezone.localdate(),
                    summary=f"{title.capitalize()} moved from {was} to {now}: {_text(reason)}")  # fmt: skip
    _audit(actor, AuditAction.CHANGE, meeting, children[0], f"rescheduled a {title}", {"was": was, "now": now})
    return change


@transaction.atomic
def meeting_cancel(*, actor, meeting, reason: str) -> MeetingChange:
    """Call off a meeting still to happen, with the reason; invitations are withdrawn."""
    children = _check_meeting_change(actor, meeting)
    errors: dict = {}
    if not _meeting_open(meeting):
        _add(errors, "reason", f"This {meeting_title(meeting)} has been held or cancelled")
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", CANCEL_REASON_REQUIRED)
    _raise(errors)
    was = arrangements_in_words(meeting)
    meeting.cancelled_at, meeting.cancel_reason = timezone.now(), _text(reason)
    fields = ["cancelled_at", "cancel_reason"]
    if isinstance(meeting, StrategyDiscussion):
        meeting.status = DiscussionStatus.CANCELLED
        fields.append("status")
    meeting.save(update_fields=fields)
    change = MeetingChange.objects.create(
        **_meeting_kwargs(meeting), change=MeetingChange.Change.CANCELLED, was=was, reason=_text(reason),
        changed_by=actor,
    )  # fmt: skip
    _close_tasks(meeting, outcome=f"Cancelled: {_text(reason)}", status=TaskStatus.CANCELLED)
    if isinstance(meeting, StrategyDiscussion) and meeting.held_on is None:
        # Nobody will convene it now: the access given to convene it (or to allocate it) ends.
        from .allocation import handoff_access_end

        handoff_access_end(source_type="protection.strategydiscussion", source_id=str(meeting.pk))
    title = meeting_title(meeting)
    _meeting_events(meeting, actor=actor, event_type=EventType.MEETING_CANCELLED, on=timezone.localdate(),
                    summary=f"{title.capitalize()} ({was}) cancelled: {_text(reason)}")  # fmt: skip
    _audit(actor, AuditAction.CHANGE, meeting, children[0], f"cancelled a {title}")
    return change
