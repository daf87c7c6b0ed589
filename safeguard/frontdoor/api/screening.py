"""Screening routes: information requests and their answers, threshold views."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Status

from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import CONFLICT, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, keyset_page
from safeguard.frontdoor import selectors, services

from .common import _conflict_as_409, router
from .presenters import _request_out, _request_row_out
from .schemas_in import InformationRequestAnswerIn, InformationRequestIn, ThresholdViewIn
from .schemas_out import InformationRequestOut, ThresholdViewOut


@router.post(
    "/contacts/{contact_id}/information-requests",
    response={201: InformationRequestOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Ask a partner team what it holds; due time set by the contact's RAG rating",
)
def send_information_request(request, contact_id: uuid.UUID, payload: InformationRequestIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        row = services.information_request_send(
            actor=request.user, contact=contact, team_id=payload.team_id, question=payload.question
        )
    return Status(201, _request_out(row))


@router.get(
    "/information-requests",
    response={200: list[InformationRequestOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Requests sent to your teams (open by default; status='' for all), soonest due first",
    description="Paged: follow the Link rel=\"next\" header.",
    openapi_extra=paged_openapi(),
)
def my_information_requests(
    request,
    response: HttpResponse,
    status: str = "open",
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=LIMIT_DESCRIPTION),
    cursor: str = Query("", max_length=500, description=CURSOR_DESCRIPTION),
):
    page = keyset_page(
        selectors.information_requests_for(actor=request.user, status=status, flat=True),
        order=selectors.REQUEST_ORDER, cursor=cursor or None, size=limit,
    )
    link_next(request, response, page)
    now = timezone.now()
    return [_request_row_out(r, now) for r in page.items]


@router.get(
    "/information-requests/{request_id}",
    response={200: InformationRequestOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="One request, with the children it asks about while it is open",
)
def get_information_request(request, request_id: uuid.UUID):
    row = selectors.information_request_for_view(actor=request.user, request_id=request_id)
    return _request_out(row, row.visible_people)


@router.post(
    "/information-requests/{request_id}/answer",
    response={200: InformationRequestOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Answer a request (your team's sight of the children ends with the answer)",
)
def answer_information_request(request, request_id: uuid.UUID, payload: InformationRequestAnswerIn):
    row = selectors.information_request_lookup(request_id=request_id)
    with _conflict_as_409():
        row = services.information_request_answer(actor=request.user, request=row, answer=payload.answer)
    return _request_out(row)


@router.post(
    "/contacts/{contact_id}/threshold-views",
    response={201: ThresholdViewOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record your agency's view of the threshold",
)
def record_threshold_view(request, contact_id: uuid.UUID, payload: ThresholdViewIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        view = services.threshold_view_record(
            actor=request.user,
            contact=contact,
            recommended_outcome=payload.recommended_outcome,
            rationale=payload.rationale,
        )
    return Status(
        201,
        {
            "agency": view.agency.name,
            "recommended_outcome": view.recommended_outcome,
            "rationale": view.rationale,
            "recorded_at": view.recorded_at,
        },
    )
