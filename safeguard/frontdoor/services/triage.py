"""Domestic abuse triage meetings: opening, inputs, decisions, actions and closing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.agencies.models import Practitioner
from safeguard.core.services import (
    task_create,
    tasks_complete_for,
)
from safeguard.frontdoor.codes import (
    TriageOutcome,
)
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import (
    TriageAction,
    TriageInput,
    TriageItem,
    TriageMeeting,
)
from safeguard.frontdoor.validation import (
    MIN_REASON,
    TRIAGE_ACTION_REQUIRED,
    TRIAGE_DONE_REQUIRED,
    TRIAGE_DUE_REQUIRED,
    TRIAGE_INFORMATION_REQUIRED,
    TRIAGE_MINUTES_REQUIRED,
    TRIAGE_OUTCOME_REQUIRED,
    TRIAGE_OWNER_REQUIRED,
    TRIAGE_RATIONALE_REQUIRED,
)
from safeguard.people.validation import Errors


@transaction.atomic
def triage_meeting_open(*, actor, held_on=None) -> TriageMeeting:
    """Open today's meeting: every item waiting since the last meeting goes on its agenda."""
    records.require(actor, "chair", TriageMeeting)
    meeting = TriageMeeting.objects.create(held_on=held_on or timezone.localdate(), opened_by=actor)
    waiting = list(TriageItem.objects.filter(meeting__isnull=True).values_list("pk", flat=True))
    count = TriageItem.objects.filter(pk__in=waiting).update(meeting=meeting)
    for item_id in waiting:
        tasks_complete_for(
            source_type="frontdoor.triageitem", source_id=str(item_id), outcome="On the triage meeting's agenda"
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="frontdoor.triagemeeting",
        object_id=str(meeting.pk),
        purpose="opened a domestic abuse triage meeting",
        detail={"items": count},
    )
    return meeting


def _open_item(actor, item: TriageItem) -> None:
    records.require(actor, "contribute", item)
    if item.meeting.closed_at is not None:
        raise Conflict("The minutes of this meeting are closed.")


@transaction.atomic
def triage_input_add(*, actor, item: TriageItem, information: str) -> TriageInput:
    _open_item(actor, item)
    if len((information or "").strip()) < 2:
        raise InvalidInput({"information": [TRIAGE_INFORMATION_REQUIRED]})
    entry = TriageInput.objects.create(
        item=item, agency=actor.primary_agency, recorded_by=actor, information=information.strip()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageitem",
        object_id=str(item.pk),
        purpose="added agency information at domestic abuse triage",
    )
    return entry


@transaction.atomic
def triage_item_decide(*, actor, item: TriageItem, outcome: str, rationale: str) -> TriageItem:
    _open_item(actor, item)
    records.require(actor, "decide", item)
    errors = Errors()
    if outcome not in TriageOutcome.values:
        errors.add("outcome", TRIAGE_OUTCOME_REQUIRED)
    if len((rationale or "").strip()) < MIN_REASON:
        errors.add("rationale", TRIAGE_RATIONALE_REQUIRED)
    errors.raise_if_any()
    item.outcome, item.rationale, item.decided_by = outcome, rationale.strip(), actor
    item.save(update_fields=["outcome", "rationale", "decided_by"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageitem",
        object_id=str(item.pk),
        purpose="recorded a domestic abuse triage decision",
        detail={"outcome": outcome},
    )
    return item


@transaction.atomic
def triage_action_add(*, actor, item: TriageItem, description: str, owner_id, due_on) -> TriageAction:
    _open_item(actor, item)
    errors = Errors()
    owner = Practitioner.objects.filter(pk=owner_id, is_active=True).first() if owner_id else None
    if owner is None:
        errors.add("owner_id", TRIAGE_OWNER_REQUIRED)
    if len((description or "").strip()) < 5:
        errors.add("description", TRIAGE_ACTION_REQUIRED)
    if due_on is None:
        errors.add("due_on", TRIAGE_DUE_REQUIRED)
    elif due_on < timezone.localdate():
        errors.add("due_on", "The due date must be today or later")
    errors.raise_if_any()
    action = TriageAction.objects.create(item=item, description=description.strip()[:500], owner=owner, due_on=due_on)
    task_create(kind="triage_action", title=action.description, due_on=due_on, assignee=owner, source=action)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageitem",
        object_id=str(item.pk),
        purpose="added a domestic abuse triage action",
        detail={"owner": owner.pk},
    )
    return action


@transaction.atomic
def triage_meeting_close(*, actor, meeting: TriageMeeting, minutes: str) -> TriageMeeting:
    records.require(actor, "close", meeting)
    if meeting.closed_at is not None:
        raise Conflict("This meeting is already closed.")
    errors = Errors()
    if len((minutes or "").strip()) < MIN_REASON:
        errors.add("minutes", TRIAGE_MINUTES_REQUIRED)
    from safeguard.frontdoor.selectors import triage_undecided_count  # selectors import services

    undecided = triage_undecided_count(meeting=meeting)
    if undecided:
        errors.add("items", f"{undecided} case{'s' if undecided != 1 else ''} still need a decision")
    errors.raise_if_any()
    meeting.minutes, meeting.closed_at = minutes.strip(), timezone.now()
    meeting.save(update_fields=["minutes", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triagemeeting",
        object_id=str(meeting.pk),
        purpose="closed the minutes of a domestic abuse triage meeting",
    )
    return meeting


@transaction.atomic
def triage_action_complete(*, actor, action: TriageAction, what_was_done: str) -> TriageAction:
    """The owner (or a triage chair) records what was done; the owner's task closes with it. Once
    done, an action stays done (a second try is refused, not silently repeated)."""
    records.require(actor, "complete", action)
    if action.completed_at is not None:
        raise Conflict("This action has already been recorded as done.")
    if len((what_was_done or "").strip()) < 5:
        raise InvalidInput({"what_was_done": [TRIAGE_DONE_REQUIRED]})
    action.completed_at, action.completed_by = timezone.now(), actor
    action.what_was_done = what_was_done.strip()
    action.save(update_fields=["completed_at", "completed_by", "what_was_done"])
    tasks_complete_for(source=action, kinds=["triage_action"], outcome=action.what_was_done)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.triageaction",
        object_id=str(action.pk),
        purpose="recorded a domestic abuse triage action as done",
    )
    return action
