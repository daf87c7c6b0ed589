"""A meeting's record written section by section (the GOV.UK task list): the draft of what was typed,
kept whatever state the other sections are in, and the one write of the record through the meeting's
own service (same rules, audit and chronology as the single form had)."""

from __future__ import annotations

from django.db import transaction

from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.protection import selectors
from safeguard.protection.models import Conference, CoreGroup, MeetingRecordDraft, StrategyDiscussion

from .common import _audit, _meeting_kwargs
from .conferences import conference_record
from .core_groups import core_group_record
from .strategy_discussions import strategy_discussion_record


def _child(meeting):
    if isinstance(meeting, StrategyDiscussion):
        return meeting.children.first()
    if isinstance(meeting, Conference):
        return meeting.child
    return meeting.plan.child


def record_draft_save(
    *, actor, meeting, section: str, answers: dict[str, str], replaces: list[str], completed: bool
) -> MeetingRecordDraft:
    """Keep one section's answers as typed (`replaces`: the keys this section owns, so a cleared radio
    is cleared) and whether the section is complete. Never refused for what another section holds."""
    selectors.recording_check(actor=actor, meeting=meeting)
    if not selectors.meeting_is_open(meeting):
        raise InvalidInput({"meeting": ["This meeting has already been recorded or was cancelled"]})
    with transaction.atomic():
        draft, _ = MeetingRecordDraft.objects.select_for_update().get_or_create(
            **_meeting_kwargs(meeting), defaults={"updated_by": actor}
        )
        kept = {k: v for k, v in draft.answers.items() if k not in set(replaces)}
        draft.answers = {**kept, **{k: str(v) for k, v in answers.items()}}
        done = [s for s in draft.completed if s != section]
        draft.completed = [*done, section] if completed else done
        draft.updated_by = actor
        draft.save()
        _audit(actor, AuditAction.CHANGE, meeting, person=_child(meeting), purpose="Draft of the meeting's record",
               detail={"section": section, "completed": completed})  # fmt: skip
    return draft


def _record(*, actor, meeting, **kwargs):
    if isinstance(meeting, StrategyDiscussion):
        return strategy_discussion_record(actor=actor, discussion=meeting, **kwargs)
    if isinstance(meeting, Conference):
        return conference_record(actor=actor, conference=meeting, **kwargs)
    assert isinstance(meeting, CoreGroup)
    return core_group_record(actor=actor, plan=meeting.plan, core_group=meeting, **kwargs)


class _DryRun(Exception):
    pass


def meeting_record_errors(*, actor, meeting, **kwargs) -> dict[str, list[str]]:
    """The record service's answer to these answers, written nowhere: it runs in a transaction that is
    always rolled back. So a section page applies the service's own rules (a date before the meeting
    it follows, a missing attendance) where the answer is typed, not only on the last page."""
    copy = type(meeting).objects.get(pk=meeting.pk)  # the service changes the object it is given
    try:
        with transaction.atomic():
            _record(actor=actor, meeting=copy, **kwargs)
            raise _DryRun
    except InvalidInput as exc:
        return exc.errors
    except _DryRun:
        return {}


def meeting_record_submit(*, actor, meeting, **kwargs):
    """Write the record through the meeting's service, then drop the draft (its answers are the record)."""
    with transaction.atomic():
        result = _record(actor=actor, meeting=meeting, **kwargs)
        MeetingRecordDraft.objects.filter(**_meeting_kwargs(meeting)).delete()
    return result
