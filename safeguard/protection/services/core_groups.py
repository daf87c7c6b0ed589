"""Core groups: scheduling the meeting that follows a plan and recording it."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import AuditAction
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record
from safeguard.protection import rules, selectors
from safeguard.protection.inputs.plans import CORE_GROUP
from safeguard.protection.models import CoreGroup, Plan, PlanStatus
from safeguard.protection.validation import CORE_GROUP_HELD_ON_REQUIRED

from .common import _add, _audit, _close_tasks, _meeting_open, _raise, _text
from .invitations import _create_invitations
from .meetings import _before_message, _check_arrangements, _meeting_events, arrangements_in_words


@transaction.atomic
def core_group_record(
    *, actor, plan: Plan, held_on: date | None, notes: str = "", core_group: CoreGroup | None = None
) -> CoreGroup:
    """Record a core group meeting (one scheduled earlier, or one not arranged here); its invitation
    list follows the same rules (incl. special-school nurse). It cannot be dated before the initial
    conference that made the plan, nor in the future."""
    records.require(actor, "hold_core_group", plan)
    errors: dict = {}
    if plan.status != PlanStatus.ACTIVE:
        _add(errors, "plan", "Core groups meet only for an active plan")
    if core_group is not None and (core_group.plan_id != plan.pk or not _meeting_open(core_group)):
        _add(errors, "core_group_id", "This core group has already been recorded or was cancelled")
    if not isinstance(held_on, date):
        _add(errors, "held_on", CORE_GROUP_HELD_ON_REQUIRED)
    elif problem := date_problem(held_on, what=CORE_GROUP.fields["held_on"].what, past=True):
        _add(errors, "held_on", problem)
    elif held_on < plan.started_on:
        icpc = "the initial child protection conference"
        _add(errors, "held_on", _before_message("core group", icpc, plan.started_on))
    _raise(errors)
    if core_group is None:
        core_group = CoreGroup.objects.create(plan=plan, held_on=held_on, notes=_text(notes))
        _create_invitations({"core_group": core_group}, _core_group_proposals(plan))
    else:
        core_group.held_on, core_group.notes = held_on, _text(notes)
        core_group.save(update_fields=["held_on", "notes"])
        _close_tasks(core_group, kind="meeting_invitation", outcome="Core group held")
    Task.objects.filter(
        source_type="protection.plan", source_id=str(plan.pk), kind="first_core_group", status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, completed_at=timezone.now())
    chronology_event_record(
        person=plan.child,
        event_type=EventType.CORE_GROUP_HELD,
        occurred_on=held_on,
        summary="Core group met",
        actor=actor,
        source=core_group,
    )
    _audit(actor, AuditAction.CREATE, core_group, plan.child, "recorded a core group")
    return core_group


def _core_group_proposals(plan: Plan):
    return rules.propose_invitations(
        children=[plan.child],
        lead_social_worker=selectors.lead_social_worker(plan.child),
        sexual_abuse_suspected=plan.category == "SAB",
    )


@transaction.atomic
def core_group_schedule(
    *, actor, plan: Plan, scheduled_for: date | None, starts_at: time | None, place: str
) -> CoreGroup:
    """Arrange a core group meeting for an active plan, with the invitation list the rules propose;
    it cannot be before the initial conference that made the plan."""
    records.require(actor, "hold_core_group", plan)
    errors: dict = {}
    if plan.status != PlanStatus.ACTIVE:
        _add(errors, "plan", "Core groups meet only for an active plan")
    else:
        _check_arrangements(
            errors, CoreGroup(plan=plan), scheduled_for=scheduled_for, starts_at=starts_at, place=place
        )
    _raise(errors)
    core_group = CoreGroup.objects.create(
        plan=plan, scheduled_for=scheduled_for, starts_at=starts_at, place=_text(place)[:300]
    )
    _create_invitations({"core_group": core_group}, _core_group_proposals(plan))
    _meeting_events(core_group, actor=actor, event_type=EventType.MEETING_SCHEDULED, on=timezone.localdate(),
                    summary=f"Core group arranged for {arrangements_in_words(core_group)}")  # fmt: skip
    _audit(actor, AuditAction.CREATE, core_group, plan.child, "arranged a core group")
    return core_group
