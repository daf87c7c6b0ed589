"""Think family API: genograms and ecomaps, risk flags and the children around a flagged adult,
health look-ups and attendances, under-18 sexual health assessments, pregnancies and births.

Anything that carries personal details to find someone is a POST (never in a URL).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from safeguard.agencies.models import Agency
from safeguard.api.problems import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.api.schemas import StrictSchema
from safeguard.core.status import ProtectionStatus
from safeguard.family import graph, inputs, selectors, services
from safeguard.family.network import LinkedChild
from safeguard.people.selectors import person_lookup

router = Router(tags=["Think family"])
STD = {**UNAUTHORISED, **NOT_FOUND, **INVALID}
REFERRAL_FAILED = "The front door did not receive the referral: nothing was saved. Phone the front door."


class HealthSubjectIn(StrictSchema):
    nhs_number: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""

    def subject(self) -> services.Subject:
        return services.Subject(**self.model_dump())


# --- risk --------------------------------------------------------------------------------------


RiskFlagIn = inputs.RISK_FLAG.schema  # the page's form is made from the same definition


class RiskFlagOut(Schema):
    id: uuid.UUID
    basis: str
    basis_label: str
    mappa_category: str
    mappa_level: str
    evidence: str
    review_on: date
    raised_by: str


def _flag_out(flag) -> dict:
    return {
        "id": flag.id,
        "basis": flag.basis,
        "basis_label": flag.get_basis_display(),
        "mappa_category": flag.mappa_category,
        "mappa_level": flag.mappa_level,
        "evidence": flag.evidence,
        "review_on": flag.review_on,
        "raised_by": str(flag.raised_by),
    }


class LinkedChildOut(Schema):
    id: uuid.UUID
    name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    steps: int
    path: str = Field(description="How the child is linked, step by step")
    in_their_care: bool
    status: str = Field(
        description="On a child protection plan, open enquiry, looked after, known to social care, or not known"
    )
    on_child_protection_plan: bool
    open_enquiry: bool
    looked_after: bool
    known_to_social_care: bool


def _linked_out(lc: LinkedChild) -> dict:
    return {
        "id": lc.child.pk,
        "name": lc.child.full_name,
        "date_of_birth": lc.child.date_of_birth,
        "expected_birth_date": lc.child.expected_birth_date,
        "steps": lc.steps,
        "path": lc.path,
        "in_their_care": lc.in_their_care,
        "status": lc.status_label,
        "on_child_protection_plan": lc.status.on_child_protection_plan,
        "open_enquiry": lc.status.open_section_47 or lc.status.open_strategy_discussion,
        "looked_after": lc.status.looked_after,
        "known_to_social_care": lc.known_to_social_care,
    }


class RiskNetworkOut(Schema):
    person_id: uuid.UUID
    flags: list[RiskFlagOut]
    steps: int
    children: list[LinkedChildOut]


@router.post(
    "/family/people/{person_id}/risk-flags",
    response={201: RiskFlagOut, **STD},
    summary="Record that an adult poses a risk to children (need-to-know roles only)",
)
def raise_risk_flag(request, person_id: uuid.UUID, payload: RiskFlagIn):
    person = person_lookup(person_id=person_id)
    flag = services.risk_flag_raise(actor=request.user, person=person, **payload.model_dump())
    return Status(201, _flag_out(flag))


@router.get(
    "/family/people/{person_id}/linked-children",
    response={200: RiskNetworkOut, **STD},
    summary="Every child within reach of a flagged adult, and each child's status",
)
def get_linked_children(request, person_id: uuid.UUID, steps: int | None = None):
    from safeguard.family.network import risk_network_steps

    steps = steps or risk_network_steps()
    person, flags, children = selectors.flagged_adult_network(actor=request.user, person_id=person_id, steps=steps)
    return {
        "person_id": person.pk,
        "flags": [_flag_out(f) for f in flags],
        "steps": steps,
        "children": [_linked_out(c) for c in children],
    }


class ContactArrangementIn(StrictSchema):
    adult_id: uuid.UUID
    child_id: uuid.UUID
    frequency: str = ""
    supervised: bool = False
    starts_on: date | None = None


class FamilyCreatedOut(Schema):
    id: str


@router.post(
    "/family/contact-arrangements",
    response={201: FamilyCreatedOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Record an adult's contact arrangement with a child",
)
def create_contact_arrangement(request, payload: ContactArrangementIn):
    arrangement = services.contact_arrangement_record(
        actor=request.user,
        adult=person_lookup(person_id=payload.adult_id),
        child=person_lookup(person_id=payload.child_id),
        **payload.model_dump(exclude={"adult_id", "child_id"}),
    )
    return Status(201, {"id": str(arrangement.pk)})


# --- genogram and ecomap -----------------------------------------------------------------------


class GenogramPersonOut(Schema):
    id: str
    name: str
    sex: str
    shape: str = Field(description="square (male), circle (female), diamond (not known)")
    generation: int = Field(description="0 is the child; -1 parents; -2 grandparents")
    relation: str
    born: date | None
    died: date | None
    unborn: bool
    in_household: bool
    is_index: bool
    poses_risk: bool


class GenogramLinkOut(Schema):
    kind: str = Field(description="partnership, separated, child (parent to child) or other")
    source: str
    target: str
    label: str


class GenogramOut(Schema):
    person_id: uuid.UUID
    generations: int
    people: list[GenogramPersonOut]
    links: list[GenogramLinkOut]
    household: list[str]
    svg: str


@router.get(
    "/family/people/{person_id}/genogram",
    response={200: GenogramOut, **STD},
    summary="The child's genogram: data and accessible SVG",
)
def get_genogram(request, person_id: uuid.UUID):
    person = selectors.person_for_diagram(actor=request.user, person_id=person_id)
    g = graph.build_genogram(person, request.user)
    return {
        "person_id": person.pk,
        "generations": g.generations,
        "people": [vars(p) for p in g.people],
        "links": [vars(link) for link in g.links],
        "household": g.household,
        "svg": graph.genogram_svg(person, genogram=g),
    }


class EcomapNodeOut(Schema):
    key: str
    name: str
    agency_type: str
    agency_id: int | None
    professionals: list[str]
    quality: str
    quality_label: str
    note: str


class EcomapOut(Schema):
    person_id: uuid.UUID
    household: list[str]
    nodes: list[EcomapNodeOut]
    svg: str


@router.get(
    "/family/people/{person_id}/ecomap",
    response={200: EcomapOut, **STD},
    summary="The agencies, services and professionals around the child, with link quality",
)
def get_ecomap(request, person_id: uuid.UUID):
    person = selectors.person_for_diagram(actor=request.user, person_id=person_id)
    e = graph.build_ecomap(person)
    return {
        "person_id": person.pk,
        "household": e.household,
        "nodes": [vars(n) for n in e.nodes],
        "svg": graph.ecomap_svg(person, ecomap=e),
    }


class EcomapLinkIn(StrictSchema):
    agency_id: int | None = None
    label: str = ""
    quality: str = Field(description="strong, ordinary, tenuous or stressful")
    note: str = ""


@router.post(
    "/family/people/{person_id}/ecomap-links",
    response={200: FamilyCreatedOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Set how strong or stressful a link on the ecomap is",
)
def set_ecomap_link(request, person_id: uuid.UUID, payload: EcomapLinkIn):
    person = person_lookup(person_id=person_id)
    agency = None
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            from safeguard.access.errors import InvalidInput

            raise InvalidInput({"agency_id": ["Select an agency from the list"]})
    link = services.ecomap_link_set(
        actor=request.user,
        person=person,
        agency=agency,
        label=payload.label,
        quality=payload.quality,
        note=payload.note,
    )
    return {"id": str(link.pk)}


# --- health settings ---------------------------------------------------------------------------


class HealthLookupIn(HealthSubjectIn):
    setting: str = Field(description="ed, urgent_care, sexual_health, maternity, health_visiting or school_nursing")


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
        subject=HealthSubjectIn(**payload.model_dump(exclude={"setting"})).subject(),
    )
    person = result.person
    return {
        "lookup_id": result.lookup.pk,
        "found": person is not None,
        "name": person.full_name if person else "",
        "date_of_birth": person.date_of_birth if person else None,
        "status": _minimal(result.status) if person else None,
    }


class EdAttendanceIn(HealthSubjectIn):
    setting: str
    attended_on: date | None = None
    presenting_reason: str = ""


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


class SexualHealthScoresIn(StrictSchema):
    exploitation: int
    age_gap: int
    coercion: int
    substance_use: int
    going_missing: int


class SexualHealthAssessmentIn(HealthSubjectIn):
    attended_on: date | None = None
    scores: SexualHealthScoresIn
    notes: str = ""


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


# --- pregnancy and birth -----------------------------------------------------------------------


class PregnancyIn(StrictSchema):
    mother_id: uuid.UUID
    expected_birth_date: date | None = None
    vulnerabilities: list[str] = []
    gp_practice_id: int | None = None
    notes: str = ""


class PregnancyOut(Schema):
    id: uuid.UUID
    mother_id: uuid.UUID
    unborn_id: uuid.UUID
    expected_birth_date: date | None
    vulnerabilities: list[str]
    gp_notification_id: uuid.UUID
    gp_acknowledge_by: date
    gp_acknowledged: bool


def _pregnancy_out(p) -> dict:
    n = p.gp_notification
    return {
        "id": p.pk,
        "mother_id": p.mother_id,
        "unborn_id": p.unborn_id,
        "expected_birth_date": p.unborn.expected_birth_date,
        "vulnerabilities": p.vulnerabilities,
        "gp_notification_id": n.pk,
        "gp_acknowledge_by": n.acknowledge_by,
        "gp_acknowledged": n.acknowledged_at is not None,
    }


@router.post(
    "/family/pregnancies",
    response={201: PregnancyOut, **STD},
    summary="A midwife records a pregnancy with additional vulnerabilities; the GP practice is notified",
)
def record_pregnancy(request, payload: PregnancyIn):
    mother = person_lookup(person_id=payload.mother_id)
    practice = Agency.objects.filter(pk=payload.gp_practice_id).first() if payload.gp_practice_id else None
    pregnancy = services.pregnancy_record(
        actor=request.user,
        mother=mother,
        expected_birth_date=payload.expected_birth_date,
        vulnerabilities=payload.vulnerabilities,
        gp_practice=practice,
        notes=payload.notes,
    )
    return Status(201, _pregnancy_out(pregnancy))


PregnancyVisitIn = inputs.PREGNANCY_VISIT.schema  # the page's form is made from the same definition


@router.post(
    "/family/pregnancies/{pregnancy_id}/antenatal-visits",
    response={201: FamilyCreatedOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Record an antenatal (home) visit",
)
def record_visit(request, pregnancy_id: uuid.UUID, payload: PregnancyVisitIn):
    pregnancy = selectors.pregnancy_lookup(actor=request.user, pregnancy_id=pregnancy_id)
    visit = services.antenatal_visit_record(actor=request.user, pregnancy=pregnancy, **payload.model_dump())
    return Status(201, {"id": str(visit.pk)})


PregnancyBirthIn = inputs.PREGNANCY_BIRTH.schema  # the page's form is made from the same definition


class PregnancyBirthOut(Schema):
    person_id: uuid.UUID
    siblings_notified: int


@router.post(
    "/family/pregnancies/{pregnancy_id}/birth",
    response={200: PregnancyBirthOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Record the birth; siblings with open enquiries or plans get the new-birth event",
)
def record_birth(request, pregnancy_id: uuid.UUID, payload: PregnancyBirthIn):
    from safeguard.core.models import ChronologyEvent, EventType

    pregnancy = selectors.pregnancy_lookup(actor=request.user, pregnancy_id=pregnancy_id)
    baby = services.birth_record(actor=request.user, pregnancy=pregnancy, **payload.model_dump())
    notified = ChronologyEvent.objects.filter(
        event_type=EventType.NEW_BIRTH, source_type="family.pregnancy", source_id=str(pregnancy.pk)
    ).count()
    return {"person_id": baby.pk, "siblings_notified": notified}


class GpNotificationOut(Schema):
    id: uuid.UUID
    pregnancy_id: uuid.UUID
    mother_id: uuid.UUID
    mother_name: str
    expected_birth_date: date | None
    practice_id: int
    practice: str
    midwife: str
    sent_at: datetime
    acknowledge_by: date
    acknowledged: bool
    acknowledged_at: datetime | None
    acknowledged_by: str | None = Field(description="Who acknowledged it for the practice (their name)")
    chased: bool
    chase_count: int = Field(description="How many times the practice has been chased")
    last_chased_on: date | None
    next_chase_on: date | None = Field(description="When the practice is next chased if it still has not acknowledged")
    overdue: bool = Field(description="Not acknowledged and past its acknowledge-by date")
    state: str = Field(description="awaiting, overdue or acknowledged")
    state_label: str


def _gp_notification_out(n) -> dict:
    pregnancy = n.pregnancy
    return {
        "id": n.pk,
        "pregnancy_id": pregnancy.pk,
        "mother_id": pregnancy.mother_id,
        "mother_name": pregnancy.mother.full_name,
        "expected_birth_date": pregnancy.unborn.expected_birth_date,
        "practice_id": n.practice_id,
        "practice": str(n.practice),
        "midwife": str(pregnancy.midwife),
        "sent_at": n.sent_at,
        "acknowledge_by": n.acknowledge_by,
        "acknowledged": n.acknowledged_at is not None,
        "acknowledged_at": n.acknowledged_at,
        "acknowledged_by": str(n.acknowledged_by) if n.acknowledged_by_id else None,
        "chased": n.chase_count > 0,
        "chase_count": n.chase_count,
        "last_chased_on": n.last_chased_on,
        "next_chase_on": n.next_chase_on(),
        "overdue": n.is_overdue(),
        "state": n.state(),
        "state_label": n.state_label(),
    }


@router.get(
    "/family/gp-notifications",
    response={200: list[GpNotificationOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Pregnancy notifications: those a midwife sent, or those to your GP practice (sent, acknowledged, chased)",
)
def list_gp_notifications(request, state: Literal["awaiting", "overdue", "acknowledged"] | None = None):
    return [_gp_notification_out(n) for n in selectors.gp_notifications_for(actor=request.user, state=state or "")]


@router.get(
    "/family/gp-notifications/{notification_id}",
    response={200: GpNotificationOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="One pregnancy notification: for the midwife who sent it and the GP practice notified",
)
def get_gp_notification(request, notification_id: uuid.UUID):
    return _gp_notification_out(selectors.gp_notification_for_view(actor=request.user, notification_id=notification_id))


class GpNotificationAcknowledgeOut(Schema):
    id: uuid.UUID
    acknowledged: bool


@router.post(
    "/family/gp-notifications/{notification_id}/acknowledge",
    response={200: GpNotificationAcknowledgeOut, **STD},
    summary="The GP practice acknowledges a midwife's pregnancy notification",
)
def acknowledge(request, notification_id: uuid.UUID):
    notification = selectors.gp_notification_lookup(actor=request.user, notification_id=notification_id)
    notification = services.gp_notification_acknowledge(actor=request.user, notification=notification)
    return {"id": notification.pk, "acknowledged": notification.acknowledged_at is not None}
