"""Children in need API: a child's episodes with their assessments and plans; recording an
assessment, closing an episode, child in need plans and the child's census details. Codes travel
with their labels; the same services and rules as the pages."""

from __future__ import annotations

import uuid
from datetime import date

from ninja import Field, Router, Schema, Status

from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.cin import inputs, selectors, services
from safeguard.cin.codes import AssessmentFactor, ClosureReason, PrimaryNeed
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.core.inputs import code_out
from safeguard.frontdoor.models import Assessment
from safeguard.people.codes import Disability, Ethnicity, Sex, UPNUnknown

router = Router(tags=["Children in need"])
STD = {**UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID}


class CinCodeOut(Schema):
    code: str
    label: str


class CinAssessmentOut(Schema):
    id: uuid.UUID
    started_on: date
    due_on: date
    child_seen_on: date | None
    authorised_on: date | None
    factors: list[CinCodeOut]
    needs_social_care_support: bool | None
    clock: str = Field(description="e.g. 'Due in 3 working days' or 'Authorised within 45 working days'")
    timescale_met: bool | None = Field(description="Authorised within 45 working days; null while open")


class CinPlanOut(Schema):
    id: uuid.UUID
    started_on: date
    ended_on: date | None


class CinEpisodeOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    referral_date: date
    referral_source: CinCodeOut
    primary_need: CinCodeOut | None
    referral_nfa: bool
    closure_date: date | None
    closure_reason: CinCodeOut | None
    team: str | None
    assessments: list[CinAssessmentOut]
    plans: list[CinPlanOut]


# Request bodies: made from the definitions the pages' forms are made from too.
CinAssessmentIn = inputs.CIN_ASSESSMENT.schema
CinEpisodeCloseIn = inputs.CIN_EPISODE_CLOSE.schema
CinPlanStartIn = inputs.CIN_PLAN_START.schema
CinPlanEndIn = inputs.CIN_PLAN_END.schema
CinCharacteristicsIn = inputs.CIN_CHARACTERISTICS.schema

# Response code fields, documented as their code lists.
UpnUnknownCode = code_out(UPNUnknown, blank=True)
SexCode = code_out(Sex, blank=True)
EthnicityCode = code_out(Ethnicity, blank=True)
DisabilityCode = code_out(Disability)


class CinCharacteristicsOut(Schema):
    upn: str
    upn_unknown: UpnUnknownCode
    sex: SexCode
    gender: str
    ethnicity: EthnicityCode
    disabilities: list[DisabilityCode]
    expected_birth_date: date | None


def _code(choices, value: str) -> dict | None:
    return {"code": value, "label": choices(value).label} if value in choices.values else None


def _assessment_out(a: Assessment) -> dict:
    clock = selectors.assessment_clock(a)
    return {
        "id": a.pk, "started_on": a.started_on, "due_on": a.due_on, "child_seen_on": a.child_seen_on,
        "authorised_on": a.authorised_on, "needs_social_care_support": a.needs_social_care_support,
        "factors": [_code(AssessmentFactor, f) for f in a.factors if f in AssessmentFactor.values],
        "clock": clock.text, "timescale_met": clock.met,
    }  # fmt: skip


def _plan_out(p: CINPlan) -> dict:
    return {"id": p.pk, "started_on": p.started_on, "ended_on": p.ended_on}


def _episode_out(e: CINEpisode) -> dict:
    from safeguard.frontdoor.codes import ReferralSource

    return {
        "id": e.pk, "child_id": e.child_id, "referral_date": e.referral_date,
        "referral_source": _code(ReferralSource, e.referral_source),
        "primary_need": _code(PrimaryNeed, e.primary_need), "referral_nfa": e.referral_nfa,
        "closure_date": e.closure_date, "closure_reason": _code(ClosureReason, e.closure_reason),
        "team": e.team.name if e.team else None,
        "assessments": [_assessment_out(a) for a in e.assessments.all()],
        "plans": [_plan_out(p) for p in e.plans.all()],
    }  # fmt: skip


@router.get(
    "/cin/children/{person_id}/episodes",
    response={200: list[CinEpisodeOut], **STD},
    summary="A child's children in need episodes, newest first, with assessments and plans",
)
def list_cin_episodes(request, person_id: uuid.UUID):
    child = selectors.child_for_cin(actor=request.user, person_id=person_id)
    return [_episode_out(e) for e in selectors.episodes_of(child)]


@router.post(
    "/cin/assessments/{assessment_id}",
    response={200: CinAssessmentOut, **STD},
    summary="Record a child and family assessment's findings; with an authorised date it is complete",
)
def record_cin_assessment(request, assessment_id: uuid.UUID, payload: CinAssessmentIn):
    assessment = selectors.assessment_for_view(actor=request.user, assessment_id=assessment_id)
    assessment = services.assessment_record(actor=request.user, assessment=assessment, **payload.model_dump())
    return _assessment_out(assessment)


@router.post(
    "/cin/episodes/{episode_id}/close",
    response={200: CinEpisodeOut, **STD},
    summary="Close a children in need episode with its date and reason",
)
def close_cin_episode(request, episode_id: uuid.UUID, payload: CinEpisodeCloseIn):
    episode = selectors.episode_for_view(actor=request.user, episode_id=episode_id)
    services.episode_close(actor=request.user, episode=episode, **payload.model_dump())
    return _episode_out(CINEpisode.objects.select_related("team").get(pk=episode.pk))


@router.post(
    "/cin/episodes/{episode_id}/plans",
    response={201: CinPlanOut, **STD},
    summary="Start a child in need plan within an open episode",
)
def start_cin_plan(request, episode_id: uuid.UUID, payload: CinPlanStartIn):
    episode = selectors.episode_for_view(actor=request.user, episode_id=episode_id)
    return Status(201, _plan_out(services.cin_plan_start(actor=request.user, episode=episode, **payload.model_dump())))


@router.post(
    "/cin/plans/{plan_id}/end",
    response={200: CinPlanOut, **STD},
    summary="End a child in need plan",
)
def end_cin_plan(request, plan_id: uuid.UUID, payload: CinPlanEndIn):
    plan = selectors.plan_for_view(actor=request.user, plan_id=plan_id)
    return _plan_out(services.cin_plan_end(actor=request.user, plan=plan, **payload.model_dump()))


@router.put(
    "/cin/children/{person_id}/characteristics",
    response={200: CinCharacteristicsOut, **STD},
    summary="The child's UPN (or why not known), sex, gender, ethnicity, disabilities, expected date",
)
def set_cin_characteristics(request, person_id: uuid.UUID, payload: CinCharacteristicsIn):
    child = selectors.child_for_cin(actor=request.user, person_id=person_id, change=True)
    data = payload.model_dump()
    if not child.is_unborn:
        data.pop("expected_birth_date")
    child = services.characteristics_update(actor=request.user, child=child, **data)
    return {
        "upn": selectors.upn_of(child), "upn_unknown": child.upn_unknown, "sex": child.sex, "gender": child.gender,
        "ethnicity": child.ethnicity, "disabilities": child.disabilities,
        "expected_birth_date": child.expected_birth_date,
    }  # fmt: skip
