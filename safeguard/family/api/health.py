"""Health settings: the protection status look-up, emergency department attendances and under-18
sexual health assessments. Personal details travel only in bodies, never URLs.
"""

from __future__ import annotations

import uuid
from datetime import date

from ninja import Field, Schema, Status
from ninja.errors import HttpError

from safeguard.api.problems import CONFLICT
from safeguard.core.status import ProtectionStatus
from safeguard.family import inputs, selectors, services

from .common import REFERRAL_FAILED, STD, router

# --- health settings ---------------------------------------------------------------------------

HealthLookupIn = inputs.HEALTH_LOOKUP.schema  # the page's form is made from the same definition


class HealthMinimalStatusOut(Schema):
    """All a health setting sees: not the record."""

    on_child_protection_plan: bool
    plan_since: date | None
    looked_after: bool
    looked_after_since: date | None
    responsible_team: str
    contact_in_hours: str
    contact_out_of_hours: str


def _minimal(status: ProtectionStatus) -> dict:
    return {f: getattr(status, f) for f in HealthMinimalStatusOut.model_fields}


class HealthLookupOut(Schema):
    lookup_id: uuid.UUID
    found: bool
    name: str = Field(description="To confirm the match: the child's name and date of birth")
    date_of_birth: date | None
    status: HealthMinimalStatusOut | None


@router.post(
    "/family/health-lookups",
    response={200: HealthLookupOut, **STD},
    summary="Health look-up (like CP-IS): is the child on a plan or looked after, and whom to call",
)
def health_lookup(request, payload: HealthLookupIn):
    result = services.health_lookup(
        actor=request.user,
        setting=payload.setting,
        subject=services.Subject(**payload.model_dump(exclude={"setting"})),
    )
    person = result.person
    return {
        "lookup_id": result.lookup.pk,
        "found": person is not None,
        "name": person.full_name if person else "",
        "date_of_birth": person.date_of_birth if person else None,
        "status": _minimal(result.status) if person else None,
    }


EdAttendanceIn = inputs.ADULT_ATTENDANCE.schema  # the page's form is made from the same definition


class EdAttendanceChildOut(Schema):
    name: str
    age: int | None
    unborn: bool
    in_their_care: bool
    on_child_protection_plan: bool
    open_enquiry: bool
    responsible_team: str
    contact_in_hours: str
    contact_out_of_hours: str


class EdAttendanceOut(Schema):
    attendance_id: uuid.UUID
    children: list[EdAttendanceChildOut]
    prompt: str
    referral_needed: bool | None
    contact_reference: str


def _attendance_out(result: services.AttendanceResult) -> dict:
    a = result.attendance
    prompt = (
        "This adult is linked to children with plans or open enquiries, or to children in their care. "
        "Is a safeguarding referral needed?"
        if result.prompt_referral
        else "No linked children are recorded. Is a safeguarding referral needed?"
    )
    return {
        "attendance_id": a.pk,
        "children": [
            {
                "name": c.child.full_name,
                "age": c.child.age(),
                "unborn": c.child.is_unborn,
                "in_their_care": c.in_their_care,
                "on_child_protection_plan": c.status.on_child_protection_plan,
                "open_enquiry": c.status.open_section_47 or c.status.open_strategy_discussion,
                "responsible_team": c.status.responsible_team,
                "contact_in_hours": c.status.contact_in_hours,
                "contact_out_of_hours": c.status.contact_out_of_hours,
            }
            for c in result.children
        ],
        "prompt": prompt,
        "referral_needed": a.referral_needed,
        "contact_reference": a.contact_reference,
    }


@router.post(
    "/family/adult-attendances",
    response={201: EdAttendanceOut, **STD},
    summary="Think family: record an adult's attendance and see the children linked to them",
)
def record_attendance(request, payload: EdAttendanceIn):
    data = payload.model_dump()
    result = services.adult_attendance_record(
        actor=request.user,
        setting=data.pop("setting"),
        attended_on=data.pop("attended_on"),
        presenting_reason=data.pop("presenting_reason"),
        subject=services.Subject(**data),
    )
    return Status(201, _attendance_out(result))


EdAttendanceDecisionIn = inputs.ATTENDANCE_DECISION.schema  # the page's form is made from the same definition


@router.post(
    "/family/adult-attendances/{attendance_id}/decision",
    response={200: EdAttendanceOut, **STD, **CONFLICT},
    summary="Record whether a safeguarding referral is needed; refer to the front door in one step",
)
def decide_attendance(request, attendance_id: uuid.UUID, payload: EdAttendanceDecisionIn):
    attendance = selectors.attendance_lookup(actor=request.user, attendance_id=attendance_id)
    try:
        services.adult_attendance_decide(actor=request.user, attendance=attendance, **payload.model_dump())
    except services.ReferralNotReceived:
        raise HttpError(409, REFERRAL_FAILED) from None
    return _attendance_out(services.attendance_for(actor=request.user, attendance_id=attendance_id))


SexualHealthScoresIn = inputs.SEXUAL_HEALTH_SCORES.schema  # the page's five score fields, as one object
SexualHealthAssessmentIn = inputs.SEXUAL_HEALTH_ASSESSMENT.schema  # the page's form is made from the same definition


class SexualHealthAssessmentOut(Schema):
    assessment_id: uuid.UUID
    score: int
    high_risk: bool
    prompt_referral: bool
    status: HealthMinimalStatusOut
    contact_reference: str


@router.post(
    "/family/sexual-health-assessments",
    response={201: SexualHealthAssessmentOut, **STD},
    summary="Under-18 sexual health risk assessment; shows the young person's protection status",
)
def assess_sexual_health(request, payload: SexualHealthAssessmentIn):
    data = payload.model_dump()
    assessment, status = services.sexual_health_assess(
        actor=request.user,
        scores=data.pop("scores"),
        attended_on=data.pop("attended_on"),
        notes=data.pop("notes"),
        subject=services.Subject(**data),
    )
    return Status(
        201,
        {
            "assessment_id": assessment.pk,
            "score": assessment.score,
            "high_risk": assessment.high_risk,
            "prompt_referral": assessment.high_risk,
            "status": _minimal(status),
            "contact_reference": assessment.contact_reference,
        },
    )


SexualHealthReferralIn = inputs.SEXUAL_HEALTH_REFERRAL.schema  # the page's form is made from the same definition


class SexualHealthReferralOut(Schema):
    contact_reference: str


@router.post(
    "/family/sexual-health-assessments/{assessment_id}/referral",
    response={200: SexualHealthReferralOut, **STD, **CONFLICT},
    summary="Refer the young person to the front door",
)
def refer_sexual_health(request, assessment_id: uuid.UUID, payload: SexualHealthReferralIn):
    assessment = selectors.assessment_lookup(actor=request.user, assessment_id=assessment_id)
    try:
        assessment = services.sexual_health_refer(actor=request.user, assessment=assessment, concern=payload.concern)
    except services.ReferralNotReceived:
        raise HttpError(409, REFERRAL_FAILED) from None
    return {"contact_reference": assessment.contact_reference}
