"""Casework routes: allocation, significant events, reconvening reviews, looked-after episodes."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Query, Status

from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import INVALID, UNAUTHORISED
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, keyset_page
from safeguard.people.selectors import person_lookup
from safeguard.protection import selectors, services

from .common import ERRORS, _people, _practitioner, router
from .plans import _summary
from .presenters import _looked_after_out, review_out
from .schemas_in import (
    AllocationIn,
    LookedAfterEndIn,
    LookedAfterIn,
    ReconveneDecisionIn,
    ReconveneRequestIn,
    SignificantEventIn,
)
from .schemas_out import ChildProtectionSummaryOut, LookedAfterOut, PlanReviewOut, SignificantEventOut


@router.post(
    "/protection/allocations",
    response={201: ChildProtectionSummaryOut, **ERRORS},
    summary="Allocate a (new) social worker to a child",
)
def allocate(request, payload: AllocationIn):
    child = person_lookup(person_id=payload.child_id)
    worker = _practitioner(payload.worker_id) if payload.worker_id else None
    services.allocation_change(
        actor=request.user, child=child, worker=worker, starts_on=payload.starts_on, reason=payload.reason
    )
    return Status(201, _summary(request.user, child.pk))


@router.post(
    "/protection/significant-events",
    response={201: SignificantEventOut, **ERRORS},
    summary="Record an event that may change the risk to children (any agency)",
)
def record_significant_event(request, payload: SignificantEventIn):
    event = services.significant_event_record(
        actor=request.user,
        event_type=payload.event_type,
        people=_people(payload.person_ids),
        occurred_on=payload.occurred_on,
        summary=payload.summary,
    )
    return Status(
        201, {"id": event.pk, "children_reconsidered": list(event.reviews.values_list("child_id", flat=True))}
    )


@router.post(
    "/protection/reconvene-requests",
    response={201: PlanReviewOut, **ERRORS},
    summary="Ask for a meeting to be reconvened (any agency that can see the child)",
)
def request_reconvene(request, payload: ReconveneRequestIn):
    review = services.reconvene_request(
        actor=request.user, child=person_lookup(person_id=payload.child_id), reason=payload.reason
    )
    return Status(201, review_out(review))


@router.get(
    "/protection/reconvene-reviews",
    response={200: list[PlanReviewOut], **UNAUTHORISED, **INVALID},
    summary="Open 'consider reconvening' decisions for children you may see",
    description="Oldest first. Paged: follow the Link rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def list_reviews(
    request,
    response: HttpResponse,
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    page = keyset_page(selectors.reviews_for(actor=request.user), order=("raised_on", "pk"), cursor=cursor or None,
                       size=limit)
    link_next(request, response, page)
    selectors.audit_work_view(actor=request.user, purpose="reconvene reviews",
                              children=[r.child_id for r in page.items])
    return [review_out(r) for r in page.items]


@router.post(
    "/protection/reconvene-reviews/{review_id}/decision",
    response={200: PlanReviewOut, **ERRORS},
    summary="Decide: reconvene the strategy discussion, bring forward the review, or no change",
)
def decide_review(request, review_id: uuid.UUID, payload: ReconveneDecisionIn):
    review = selectors.review_lookup(review_id=review_id)
    return review_out(
        services.reconvene_decide(actor=request.user, review=review, decision=payload.decision, reason=payload.reason)
    )


@router.post(
    "/protection/looked-after",
    response={201: LookedAfterOut, **ERRORS},
    summary="Record that a child starts to be looked after (legal status code from SSDA903)",
)
def looked_after_start(request, payload: LookedAfterIn):
    child = person_lookup(person_id=payload.child_id)
    episode = services.looked_after_start(
        actor=request.user, child=child, legal_status=payload.legal_status, started_on=payload.started_on
    )
    return Status(201, _looked_after_out(episode))


@router.post(
    "/protection/looked-after/{episode_id}/end",
    response={200: LookedAfterOut, **ERRORS},
    summary="Record that a child stopped being looked after, with the reason",
)
def looked_after_end(request, episode_id: uuid.UUID, payload: LookedAfterEndIn):
    episode = selectors.looked_after_episode(episode_id=episode_id)
    return _looked_after_out(
        services.looked_after_end(actor=request.user, episode=episode, ended_on=payload.ended_on, reason=payload.reason)
    )
