"""Child protection plan routes: read, outcomes, siblings, finalise, core groups, visits, actions,
what is due, and a child's protection summary."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Query, Status

from safeguard.access.errors import NotFound
from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import CONFLICT, INVALID, UNAUTHORISED
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, page_list
from safeguard.people.selectors import person_lookup
from safeguard.protection import selectors, services
from safeguard.protection.models import Action

from .common import ERRORS, router
from .presenters import _action, _child, _clock, plan_out, review_out
from .schemas_in import ActionCompleteIn, CoreGroupIn, PlanOutcomeIn, PlanVisitIn, SiblingDecisionIn, _actions
from .schemas_out import ChildProtectionSummaryOut, PlanOut, ProtectionActionOut, ProtectionClockOut, ProtectionIdOut


@router.get("/protection/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="A child protection plan")
def get_plan(request, plan_id: uuid.UUID):
    return plan_out(selectors.plan_for_view(actor=request.user, plan_id=plan_id))


@router.post(
    "/protection/plans/{plan_id}/outcomes",
    response={201: PlanOut, **ERRORS},
    summary="Add an outcome with actions (owner, due date, measure of success)",
)
def add_outcome(request, plan_id: uuid.UUID, payload: PlanOutcomeIn):
    plan = selectors.plan_lookup(plan_id=plan_id)
    services.plan_outcome_add(
        actor=request.user, plan=plan, description=payload.description, actions=_actions(payload.actions)
    )
    return Status(201, plan_out(plan))


@router.post(
    "/protection/plans/{plan_id}/sibling-decisions",
    response={201: PlanOut, **ERRORS},
    summary="Record a decision for another child linked to the same adults",
)
def plan_sibling_decision(request, plan_id: uuid.UUID, payload: SiblingDecisionIn):
    plan = selectors.plan_lookup(plan_id=plan_id)
    services.sibling_decision_record(
        actor=request.user,
        plan=plan,
        other_child=person_lookup(person_id=payload.other_child_id),
        decision=payload.decision,
        reason=payload.reason,
    )
    return Status(201, plan_out(plan))


@router.post(
    "/protection/plans/{plan_id}/finalise",
    response={200: PlanOut, **ERRORS, **CONFLICT},
    summary="Finalise the plan (blocked until every linked child has a decision)",
)
def finalise_plan(request, plan_id: uuid.UUID):
    plan = selectors.plan_lookup(plan_id=plan_id)
    return plan_out(services.plan_finalise(actor=request.user, plan=plan))


@router.post(
    "/protection/plans/{plan_id}/core-groups",
    response={201: ProtectionIdOut, **ERRORS},
    summary="Record a core group meeting",
)
def add_core_group(request, plan_id: uuid.UUID, payload: CoreGroupIn):
    plan = selectors.plan_lookup(plan_id=plan_id)
    core_group = None
    if payload.core_group_id:
        core_group = plan.core_groups.filter(pk=payload.core_group_id).first()
        if core_group is None:
            raise NotFound()
    return Status(
        201,
        {
            "id": services.core_group_record(
                actor=request.user, plan=plan, held_on=payload.held_on, notes=payload.notes, core_group=core_group
            ).pk
        },
    )


@router.post(
    "/protection/plans/{plan_id}/visits", response={201: PlanOut, **ERRORS}, summary="Record a statutory visit"
)
def add_visit(request, plan_id: uuid.UUID, payload: PlanVisitIn):
    plan = selectors.plan_lookup(plan_id=plan_id)
    services.visit_record(actor=request.user, plan=plan, visited_on=payload.visited_on, seen_alone=payload.seen_alone)
    return Status(201, plan_out(plan))


@router.post(
    "/protection/actions/{action_id}/complete",
    response={200: ProtectionActionOut, **ERRORS},
    summary="Mark an action done",
)
def complete_action(request, action_id: uuid.UUID, payload: ActionCompleteIn):
    action = Action.objects.filter(pk=action_id).select_related("child", "owner").first()
    if action is None:
        raise NotFound()
    return _action(services.action_complete(actor=request.user, action=action, completed_on=payload.completed_on))


@router.get(
    "/protection/actions/overdue",
    response={200: list[ProtectionActionOut], **UNAUTHORISED},
    summary="Overdue actions you own, or that people in teams you manage own",
)
def overdue_actions(request):
    actions = list(selectors.overdue_actions_for(actor=request.user))
    selectors.audit_work_view(actor=request.user, purpose="overdue actions", children=[a.child_id for a in actions])
    return [_action(a) for a in actions]


@router.get(
    "/protection/due",
    response={200: list[ProtectionClockOut], **UNAUTHORISED, **INVALID},
    summary="Statutory clocks for children allocated to you or to your teams",
    description="Soonest due first. Paged: follow the Link rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def due_items(
    request,
    response: HttpResponse,
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    page = page_list(selectors.due_items_for(actor=request.user), key=selectors.clock_order, cursor=cursor or None,
                     size=limit)
    link_next(request, response, page)
    selectors.audit_work_view(actor=request.user, purpose="statutory clocks", children=[c.child for c in page.items])
    return [_clock(c) for c in page.items]


def _summary(actor, person_id) -> dict:
    s = selectors.protection_summary_brief(actor=actor, person_id=person_id)
    return {
        "child": _child(s.child),
        "clocks": [_clock(c) for c in s.clocks],
        "lead_social_worker": str(s.lead_social_worker) if s.lead_social_worker else None,
        "workers_last_12_months": s.workers_last_12_months,
        "discussion_ids": s.discussion_ids,
        "plan_ids": s.plan_ids,
        "conference_ids": s.conference_ids,
        "open_reconvene_reviews": [review_out(r) for r in s.open_reviews],
    }


@router.get(
    "/protection/children/{person_id}/summary",
    response={200: ChildProtectionSummaryOut, **ERRORS},
    summary="A child's protection summary: clocks, workers in the last 12 months, meetings",
)
def child_summary(request, person_id: uuid.UUID):
    return _summary(request.user, person_id)
