"""Professional challenge API: raise, respond at each stage, withdraw, and the partnership view."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from safeguard.agencies.models import Practitioner
from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.api.schemas import OutSchema
from safeguard.challenges import inputs, selectors, services
from safeguard.challenges.models import ProfessionalChallenge, role_label
from safeguard.core.inputs import model_code
from safeguard.people.selectors import person_lookup

router = Router(tags=["Professional challenge"])
ERRORS = {**UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID}


# Code fields, documented as their code lists (core.inputs.model_code / code_out).
ChallengeStatusCode = model_code(ProfessionalChallenge, "status")


# Request bodies, made from the input definitions the pages' forms are made from too.
ProfessionalChallengeIn = inputs.CHALLENGE_RAISE.schema
ProfessionalChallengeResponseIn = inputs.CHALLENGE_RESPONSE.schema
ProfessionalChallengeWithdrawIn = inputs.CHALLENGE_WITHDRAW.schema


class ProfessionalChallengeStepOut(Schema):
    stage: int
    stage_label: str
    owner_name: str
    owner_role: str
    due_on: date
    note: str
    outcome: str
    automatic: bool


class ProfessionalChallengeOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    status: ChallengeStatusCode
    stage: int
    stage_label: str
    owner_id: int
    owner_name: str
    owner_role: str = Field(description="The owner's role, e.g. Head of service (service manager)")
    owner_reason: str = Field(
        description="Why the owner holds it when it is not the stage's usual owner (blank otherwise)"
    )
    decision_maker_name: str = Field(description="Whose decision is challenged: the first stage's owner")
    stage_due_on: date
    raised_by_agency: str | None
    raised_at: datetime
    concern: str
    desired_outcome: str
    outcome: str
    steps: list[ProfessionalChallengeStepOut]


class ProfessionalChallengeRowOut(OutSchema):
    id: uuid.UUID
    raised_by_agency: str
    owner_agency: str
    stage: str
    age_days: int
    stage_due_on: date
    overdue: bool
    automatic_escalations: int


class ProfessionalChallengeAgencyOut(OutSchema):
    agency: str
    count: int
    oldest_days: int
    challenges: list[ProfessionalChallengeRowOut]


def challenge_out(c) -> dict:
    steps = list(c.steps.select_related("owner"))
    return {
        "id": c.pk,
        "child_id": c.person_id,
        "status": c.status,
        "stage": c.stage,
        "stage_label": c.get_stage_display(),
        "owner_id": c.owner_id,
        "owner_name": str(c.owner),
        "owner_role": role_label(c.owner),
        "owner_reason": c.owner_reason,
        "decision_maker_name": str(steps[0].owner if steps else c.owner),
        "stage_due_on": c.stage_due_on,
        "raised_by_agency": c.raised_by_agency.name if c.raised_by_agency_id else None,
        "raised_at": c.raised_at,
        "concern": c.concern,
        "desired_outcome": c.desired_outcome,
        "outcome": c.outcome,
        "steps": [
            {
                "stage": s.stage,
                "stage_label": s.get_stage_display(),
                "owner_name": str(s.owner),
                "owner_role": role_label(s.owner),
                "due_on": s.due_on,
                "note": s.note,
                "outcome": s.outcome,
                "automatic": s.automatic,
            }
            for s in steps
        ],
    }


@router.post(
    "/challenges",
    response={201: ProfessionalChallengeOut, **ERRORS},
    summary="Raise a professional challenge",
)
def raise_challenge(request, payload: ProfessionalChallengeIn):
    owner = Practitioner.objects.filter(pk=payload.owner_id, is_active=True).first() if payload.owner_id else None
    challenge = services.challenge_raise(
        actor=request.user,
        person=person_lookup(person_id=payload.child_id),
        concern=payload.concern,
        owner=owner,
        desired_outcome=payload.desired_outcome,
    )
    return Status(201, challenge_out(challenge))


@router.get(
    "/challenges/partnership",
    response={200: list[ProfessionalChallengeAgencyOut], **UNAUTHORISED, **NOT_FOUND},
    summary="Open challenges by agency and age (no personal details)",
)
def partnership_view(request):
    return [
        {"agency": g.agency, "count": g.count, "oldest_days": g.oldest_days, "challenges": g.rows}
        for g in selectors.partnership_open_challenges(actor=request.user)
    ]


@router.get(
    "/challenges/{challenge_id}",
    response={200: ProfessionalChallengeOut, **ERRORS},
    summary="A professional challenge",
)
def get_challenge(request, challenge_id: uuid.UUID):
    return challenge_out(selectors.challenge_for_view(actor=request.user, challenge_id=challenge_id))


@router.post(
    "/challenges/{challenge_id}/respond",
    response={200: ProfessionalChallengeOut, **ERRORS},
    summary="Record this stage's outcome: resolved, or escalate to the next stage",
)
def respond(request, challenge_id: uuid.UUID, payload: ProfessionalChallengeResponseIn):
    challenge = selectors.challenge_lookup(challenge_id=challenge_id)
    return challenge_out(
        services.challenge_respond(
            actor=request.user, challenge=challenge, outcome=payload.outcome, resolved=payload.resolved
        )
    )


@router.post(
    "/challenges/{challenge_id}/withdraw",
    response={200: ProfessionalChallengeOut, **ERRORS},
    summary="Withdraw",
)
def withdraw(request, challenge_id: uuid.UUID, payload: ProfessionalChallengeWithdrawIn):
    challenge = selectors.challenge_lookup(challenge_id=challenge_id)
    return challenge_out(services.challenge_withdraw(actor=request.user, challenge=challenge, reason=payload.reason))
