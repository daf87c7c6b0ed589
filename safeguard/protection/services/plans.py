"""Child protection plans: outcomes, sibling decisions, finalising, and statutory visits."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.core import clock
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, task_create, tasks_complete_for
from safeguard.people.models import Person
from safeguard.protection import nextsteps, selectors
from safeguard.protection.inputs.discussions import SIBLING_REASON_REQUIRED
from safeguard.protection.inputs.plans import (
    OUTCOME_DESCRIPTION_REQUIRED,
    OUTCOME_MIN_CHARS,
    PLAN_VISIT,
    VISIT_DATE_REQUIRED,
)
from safeguard.protection.models import (
    Action,
    Plan,
    PlanOutcome,
    PlanStatus,
    SiblingDecision,
    StatutoryVisit,
    StrategyDiscussion,
)
from safeguard.protection.validation import SIBLING_DECISION_REQUIRED

from .actions import _create_actions, _validate_actions
from .common import MIN_REASON, _add, _audit, _raise, _text


@transaction.atomic
def plan_outcome_add(*, actor, plan: Plan, description: str, actions: list[dict]) -> PlanOutcome:
    """An outcome for the child with the actions each agency will take (owner, due date, measure)."""
    records.require(actor, "add_outcome", plan)
    errors: dict = {}
    if plan.status == PlanStatus.ENDED:
        _add(errors, "plan", "This plan has ended")
    if len(_text(description)) < OUTCOME_MIN_CHARS:
        _add(errors, "description", OUTCOME_DESCRIPTION_REQUIRED)
    if not actions:
        _add(errors, "actions", "Add at least one action towards this outcome")
    for row in actions or []:
        row["child_id"] = row.get("child_id") or str(plan.child_id)  # a plan's actions serve its child
    rows = _validate_actions(actions or [], children={str(plan.child_id): plan.child}, errors=errors, need_measure=True)
    _raise(errors)
    outcome = PlanOutcome.objects.create(plan=plan, description=_text(description))
    _create_actions(rows, outcome=outcome)
    _audit(actor, AuditAction.CHANGE, plan, plan.child, "added a plan outcome", {"actions": len(rows)})
    return outcome


@transaction.atomic
def sibling_decision_record(
    *,
    actor,
    other_child: Person,
    decision: str,
    reason: str,
    plan: Plan | None = None,
    discussion: StrategyDiscussion | None = None,
) -> SiblingDecision:
    records.require(actor, "change", plan or discussion)
    subject_children = [plan.child] if plan else list(discussion.children.all())
    others = selectors.other_children_for_plan(plan) if plan else selectors.other_children_for_discussion(discussion)
    errors: dict = {}
    if other_child.pk not in {o.child.pk for o in others}:
        _add(errors, "other_child_id", "Choose one of the other children linked to the same adults")
    if decision not in SiblingDecision.Decision.values:
        _add(errors, "decision", SIBLING_DECISION_REQUIRED)
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", SIBLING_REASON_REQUIRED)
    _raise(errors)
    row, _ = SiblingDecision.objects.update_or_create(
        plan=plan,
        discussion=discussion,
        other_child=other_child,
        defaults={"decision": decision, "reason": _text(reason), "decided_by": actor},
    )
    _audit(
        actor,
        AuditAction.CHANGE,
        row,
        subject_children[0],
        "recorded a decision about another child",
        {"other_child": str(other_child.pk), "decision": decision},
    )
    if decision == SiblingDecision.Decision.SEPARATE_ASSESSMENT:
        nextsteps.separate_assessment_decided(decision=row, subject_child=subject_children[0], actor=actor)
    return row


@transaction.atomic
def plan_finalise(*, actor, plan: Plan) -> Plan:
    """A plan is final only when it is clear and timebound (outcomes with actions) and every other
    child linked to the same adults has a recorded decision."""
    records.require(actor, "finalise", plan)
    errors: dict = {}
    if plan.status != PlanStatus.DRAFT:
        _add(errors, "status", "This plan is not a draft")
    if not Action.objects.filter(outcome__plan=plan).exists():
        _add(errors, "outcomes", "Add at least one outcome with actions before finalising the plan")
    undecided = [o for o in selectors.other_children_for_plan(plan) if o.decision is None]
    if undecided:
        _add(
            errors,
            "sibling_decisions",
            f"Record a decision (included, separate assessment or not at risk) for each other child linked to the "
            f"same adults: {len(undecided)} still to decide",
        )
    _raise(errors)
    plan.status, plan.finalised_at = PlanStatus.ACTIVE, timezone.now()
    plan.save(update_fields=["status", "finalised_at"])
    nextsteps.plan_finalised(plan=plan)
    chronology_event_record(
        person=plan.child,
        event_type=EventType.PLAN_STARTED,
        occurred_on=plan.started_on,
        summary=f"Child protection plan started: {plan.get_category_display()}",
        actor=actor,
        source=plan,
    )
    lead = selectors.lead_social_worker(plan.child)
    if lead is not None:
        task_create(
            kind="first_core_group",
            title="Hold the first core group",
            assignee=lead,
            person=plan.child,
            due_on=clock.first_core_group_due(plan.started_on),
            source=plan,
        )
    _audit(actor, AuditAction.CHANGE, plan, plan.child, "finalised a child protection plan")
    return plan


@transaction.atomic
def visit_record(*, actor, plan: Plan, visited_on: date | None, seen_alone: bool = False) -> StatutoryVisit:
    records.require(actor, "record_visit", plan)
    if not isinstance(visited_on, date):
        raise InvalidInput({"visited_on": [VISIT_DATE_REQUIRED]})
    if problem := date_problem(visited_on, what=PLAN_VISIT.fields["visited_on"].what, past=True):
        raise InvalidInput({"visited_on": [problem]})
    visit = StatutoryVisit.objects.create(plan=plan, visited_on=visited_on, seen_alone=seen_alone, visitor=actor)
    chronology_event_record(
        person=plan.child,
        event_type=EventType.STATUTORY_VISIT,
        occurred_on=visited_on,
        summary="Statutory visit" + (": seen alone" if seen_alone else ""),
        actor=actor,
        source=visit,
    )
    tasks_complete_for(person=plan.child, kinds=["statutory_visit"], outcome="Visit recorded")
    _audit(actor, AuditAction.CREATE, visit, plan.child, "recorded a statutory visit")
    return visit
