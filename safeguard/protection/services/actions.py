"""Actions agreed at a meeting or in a plan, and marking them complete."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant
from safeguard.core.services import task_create
from safeguard.protection.inputs.actions import ACTION_DUE_REQUIRED
from safeguard.protection.models import Action
from safeguard.protection.validation import (
    ACTION_CHILD_REQUIRED,
    ACTION_DESCRIPTION_REQUIRED,
    ACTION_MEASURE_REQUIRED,
    ACTION_OWNER_REQUIRED,
)

from .common import _add, _audit, _close_tasks, _practitioner, _text


def _validate_actions(
    actions: list[dict], *, children: dict, errors: dict, prefix: str = "actions", need_measure: bool = False
) -> list[dict]:
    """Every action has a description, an owner, a due date and the child it serves."""
    out = []
    for i, row in enumerate(actions or []):
        f = f"{prefix}[{i}]"
        description = _text(row.get("description"))
        owner = _practitioner(row.get("owner_id"))
        due_on = row.get("due_on")
        child = children.get(str(row.get("child_id") or ""))
        if not description:
            _add(errors, f"{f}.description", ACTION_DESCRIPTION_REQUIRED)
        if owner is None:
            _add(errors, f"{f}.owner_id", ACTION_OWNER_REQUIRED)
        if not isinstance(due_on, date):
            _add(errors, f"{f}.due_on", ACTION_DUE_REQUIRED)
        if child is None:
            _add(errors, f"{f}.child_id", ACTION_CHILD_REQUIRED)
        measure = _text(row.get("measure_of_success"))
        if need_measure and not measure:
            _add(errors, f"{f}.measure_of_success", ACTION_MEASURE_REQUIRED)
        out.append(
            {
                "description": description,
                "owner": owner,
                "due_on": due_on,
                "child": child,
                "measure_of_success": measure,
            }
        )
    return out


def _create_actions(rows: list[dict], **link) -> list[Action]:
    """Create the actions; each owner (any named practitioner, in any agency) gets it on "Your work"."""
    actions = [Action.objects.create(**link, **row, owner_agency=row["owner"].primary_agency) for row in rows]
    for action in actions:
        # The owner may be in an agency not yet working with the child: owning the action is a reason
        # to see the child's record while it is open.
        if not records.allows(action.owner, "view", action.child):
            involvement_grant(
                person=action.child, kind=InvolvementKind.SUPERVISING, practitioner=action.owner, source=action
            )
        task_create(
            kind="protection_action",
            title=f"Action for {action.child.given_name}: {action.description}"[:300],
            due_on=action.due_on,
            assignee=action.owner,
            person=action.child,
            source=action,
        )
    return actions


@transaction.atomic
def action_complete(*, actor, action: Action, completed_on: date | None = None) -> Action:
    records.require(actor, "complete", action)  # 403 for those who see the child, 404 for others
    if action.completed_on is not None:
        raise InvalidInput({"completed_on": ["This action is already done"]})
    action.completed_on = completed_on or timezone.localdate()
    action.save(update_fields=["completed_on"])
    _close_tasks(action, outcome="Action done")
    involvement_end_for_source(source=action)
    _audit(actor, AuditAction.CHANGE, action, action.child, "completed an action")
    return action
