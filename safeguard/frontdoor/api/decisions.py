"""Decision routes: record and read the front door decision, challenge it, a person's outcomes."""

from __future__ import annotations

import uuid

from ninja import Status

from safeguard.api.problems import CONFLICT, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.frontdoor import selectors, services

from .common import _conflict_as_409, router
from .presenters import _decision_out
from .schemas_in import ContactDecisionIn, DecisionChallengeIn
from .schemas_out import ContactDecisionOut, ContactOutcomeOut, DecisionChallengeOut


@router.post(
    "/contacts/{contact_id}/decision",
    response={201: ContactDecisionOut, **UNAUTHORISED, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="The front door manager's threshold decision; creates the next record",
)
def record_decision(request, contact_id: uuid.UUID, payload: ContactDecisionIn):
    contact = selectors.contact_lookup(contact_id=contact_id)
    with _conflict_as_409():
        decision = services.decision_record(actor=request.user, contact=contact, **payload.model_dump())
    return Status(201, _decision_out(decision))


@router.get(
    "/decisions/{decision_id}",
    response={200: ContactDecisionOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A decision, for the front door, contributing agencies and practitioners working with the child",
)
def get_decision(request, decision_id: uuid.UUID):
    decision = selectors.decision_for_view(actor=request.user, decision_id=decision_id)
    return _decision_out(decision, decision.children)


@router.post(
    "/decisions/{decision_id}/challenges",
    response={201: DecisionChallengeOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Raise a professional challenge to a decision (owned by the deciding manager)",
)
def challenge_decision(request, decision_id: uuid.UUID, payload: DecisionChallengeIn):
    decision = selectors.decision_lookup(decision_id=decision_id)
    challenge = services.decision_challenge_raise(
        actor=request.user,
        decision=decision,
        person_id=payload.person_id,
        concern=payload.concern,
        desired_outcome=payload.desired_outcome,
    )
    return Status(
        201,
        {
            "id": challenge.pk,
            "person_id": challenge.person_id,
            "stage": challenge.stage,
            "stage_label": challenge.get_stage_display(),
            "owner": str(challenge.owner),
            "stage_due_on": challenge.stage_due_on,
            "status": challenge.status,
        },
    )


@router.get(
    "/people/{person_id}/front-door-outcomes",
    response={200: list[ContactOutcomeOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Front door outcomes for a child you work with (e.g. a young person you supervise)",
)
def person_outcomes(request, person_id: uuid.UUID):
    return [
        {
            "decision_id": d.pk,
            "contact_id": d.contact_id,
            "received_at": d.contact.received_at,
            "outcome": d.outcome,
            "outcome_label": d.get_outcome_display(),
            "decided_at": d.decided_at,
        }
        for d in selectors.outcomes_for_person(actor=request.user, person_id=person_id)
    ]
