"""Helpers every protection write uses: auditing, cleaning text, collecting field errors,
closing tasks, and the few facts about a meeting (its title, date, whether it is still to happen)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.agencies.models import Practitioner
from safeguard.core.models import Task, TaskStatus
from safeguard.core.services import source_ref
from safeguard.protection import selectors
from safeguard.protection.models import Conference, DiscussionStatus, Invitation, StrategyDiscussion
from safeguard.protection.validation import MIN_REASON  # noqa: F401  (imported from here by the services)


def _audit(actor, action, record, person=None, purpose="", detail=None):
    audit_record(actor=actor, action=action, record=record, person=person, purpose=purpose, detail=detail)


def _text(value) -> str:
    return (value or "").strip()


def _practitioner(pk) -> Practitioner | None:
    if pk in (None, ""):
        return None
    try:
        return Practitioner.objects.filter(pk=int(pk), is_active=True).first()
    except (TypeError, ValueError):
        return None


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput(errors)


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _meeting_kwargs(meeting) -> dict:
    if isinstance(meeting, StrategyDiscussion):
        return {"discussion": meeting}
    if isinstance(meeting, Conference):
        return {"conference": meeting}
    return {"core_group": meeting}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _convening_task_owner(actor):
    managers = selectors.managers_of(actor)
    if records.allows(actor, "convene", StrategyDiscussion):
        return actor, None
    if managers:
        return managers[0], None
    team_id = next(iter(sorted(actor.team_ids)), None)
    return (None, team_id) if team_id else (actor, None)


def _team(team_id):
    from safeguard.agencies.models import Team

    return Team.objects.get(pk=team_id) if team_id else None


def _meeting_of(invitation: Invitation):
    return invitation.discussion or invitation.conference or invitation.core_group


def meeting_title(meeting) -> str:
    """The meeting in words: "strategy discussion", "initial child protection conference"."""
    if isinstance(meeting, StrategyDiscussion):
        return "strategy discussion"
    if isinstance(meeting, Conference):
        return meeting.get_kind_display().lower()
    return "core group meeting"


def _meeting_date(meeting) -> date | None:
    return meeting.scheduled_for or meeting.held_on


def _meeting_open(meeting) -> bool:
    """Still to happen: neither held (recorded) nor cancelled."""
    if meeting.is_cancelled:
        return False
    if isinstance(meeting, StrategyDiscussion):
        return meeting.status == DiscussionStatus.AWAITING
    return meeting.held_on is None


def _close_tasks(source, *, kind: str | None = None, assignee=None, outcome: str = "", status=TaskStatus.DONE) -> int:
    source_type, source_id = source_ref(source)
    tasks = Task.objects.filter(source_type=source_type, source_id=source_id, status=TaskStatus.OPEN)
    if kind:
        tasks = tasks.filter(kind=kind)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    return tasks.update(status=status, completed_at=timezone.now(), outcome=outcome)
