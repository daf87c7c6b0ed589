"""Domestic abuse triage meeting routes: open, inputs, decisions, actions, close."""

from __future__ import annotations

import uuid

from ninja import Status

from safeguard.api.problems import CONFLICT, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.frontdoor import selectors, services

from .common import _conflict_as_409, router
from .presenters import _meeting_out
from .schemas_in import TriageActionIn, TriageDecisionIn, TriageInputIn, TriageMeetingIn, TriageMinutesIn
from .schemas_out import TriageActionOut, TriageInputOut, TriageMeetingOut


@router.post(
    "/triage-meetings",
    response={201: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Open a domestic abuse triage meeting: its agenda is every case waiting since the last one",
)
def open_triage_meeting(request, payload: TriageMeetingIn):
    meeting = services.triage_meeting_open(actor=request.user, held_on=payload.held_on)
    return Status(201, _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting.pk)))


@router.get(
    "/triage-meetings/{meeting_id}",
    response={200: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A triage meeting: agenda, agency information, decisions, actions and minutes",
)
def get_triage_meeting(request, meeting_id: uuid.UUID):
    return _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting_id))


@router.post(
    "/triage-items/{item_id}/inputs",
    response={201: TriageInputOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Add what your agency knows about a triage case",
)
def add_triage_input(request, item_id: uuid.UUID, payload: TriageInputIn):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    with _conflict_as_409():
        entry = services.triage_input_add(actor=request.user, item=item, information=payload.information)
    return Status(
        201, {"agency": entry.agency.name, "information": entry.information, "recorded_at": entry.recorded_at}
    )


@router.post(
    "/triage-items/{item_id}/decision",
    response={200: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record the triage decision for a case",
)
def decide_triage_item(request, item_id: uuid.UUID, payload: TriageDecisionIn):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    with _conflict_as_409():
        services.triage_item_decide(actor=request.user, item=item, outcome=payload.outcome, rationale=payload.rationale)
    return _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=item.meeting_id))


@router.post(
    "/triage-items/{item_id}/actions",
    response={201: TriageActionOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Add an action with its owner and due date",
)
def add_triage_action(request, item_id: uuid.UUID, payload: TriageActionIn):
    item = selectors.triage_item_lookup(actor=request.user, item_id=item_id)
    with _conflict_as_409():
        action = services.triage_action_add(actor=request.user, item=item, **payload.model_dump())
    return Status(201, {"description": action.description, "owner": str(action.owner), "due_on": action.due_on})


@router.post(
    "/triage-meetings/{meeting_id}/close",
    response={200: TriageMeetingOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Record the minutes and close the meeting",
)
def close_triage_meeting(request, meeting_id: uuid.UUID, payload: TriageMinutesIn):
    meeting = selectors.triage_meeting_lookup(actor=request.user, meeting_id=meeting_id)
    with _conflict_as_409():
        services.triage_meeting_close(actor=request.user, meeting=meeting, minutes=payload.minutes)
    return _meeting_out(selectors.triage_meeting_for_view(actor=request.user, meeting_id=meeting_id))
