"""Protection pathway API: strategy discussions, section 47, conferences, plans, written agreements,
allocations, significant events and reconvening. Personal details travel only in bodies, never URLs."""

from __future__ import annotations

import uuid
from datetime import date, time

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from safeguard.access.errors import NotFound
from safeguard.agencies.models import Practitioner
from safeguard.api.paging import CURSOR_DESCRIPTION, LIMIT_DESCRIPTION, link_next, paged_openapi
from safeguard.api.problems import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.api.schemas import StrictSchema
from safeguard.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, keyset_page, page_list
from safeguard.people.selectors import person_lookup
from safeguard.protection import plain_english, selectors, services
from safeguard.protection.models import Action, Conference, Invitation, Plan, StrategyDiscussion, WrittenAgreement

router = Router(tags=["Child protection"])
ERRORS = {**UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID}


# --- Schemas in -----------------------------------------------------------------------------------


class ProtectionActionIn(StrictSchema):
    description: str = ""
    owner_id: int | None = None
    due_on: date | None = None
    child_id: uuid.UUID | None = None
    measure_of_success: str = ""


class MeetingAttendanceIn(StrictSchema):
    invitation_id: int
    attendance: str
    information: str = ""


class DiscussionProposeIn(StrictSchema):
    child_ids: list[uuid.UUID]
    reason: str
    sexual_abuse_suspected: bool = False
    non_recent_abuse: bool = False
    harmful_sexual_behaviour_child_ids: list[uuid.UUID] = []
    alleged_perpetrator_ids: list[uuid.UUID] = []


class DiscussionPatch(StrictSchema):
    sexual_abuse_suspected: bool | None = None
    non_recent_abuse: bool | None = None
    harmful_sexual_behaviour_child_ids: list[uuid.UUID] | None = None
    alleged_perpetrator_ids: list[uuid.UUID] | None = None


class DiscussionInvitationIn(StrictSchema):
    label: str
    agency_type: str
    practitioner_id: int | None = None
    why: str = ""


class InvitationRemoveIn(StrictSchema):
    reason: str = ""


class DiscussionRecordIn(StrictSchema):
    held_on: date | None = None
    information_shared: str = ""
    attendance: list[MeetingAttendanceIn] = []
    section_47: str = ""
    section_47_reason: str = ""
    abe_interview_planned: str = ""
    abe_police_investigator: str = ""
    abe_social_worker_role: str = ""
    medical_examination: str = ""
    medical_examination_reason: str = ""
    psas_referral: str = ""
    psas_referral_reason: str = ""
    actions: list[ProtectionActionIn] = []


class SiblingDecisionIn(StrictSchema):
    other_child_id: uuid.UUID
    decision: str
    reason: str = ""


class EnquiryConcludeIn(StrictSchema):
    outcome: str
    reason: str = ""
    concluded_on: date | None = None


class ConferenceScheduleIn(StrictSchema):
    child_id: uuid.UUID
    kind: str = "initial"
    scheduled_for: date | None = None
    starts_at: str | None = Field(
        None, pattern=r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$", description="Local time, 24-hour clock: HH:MM"
    )
    place: str = ""
    chair_id: int | None = None
    late_reason: str = ""
    plan_id: uuid.UUID | None = None


class ConferenceRecordIn(StrictSchema):
    held_on: date | None = None
    attendance: list[MeetingAttendanceIn] = []
    reports_received: str = ""
    child_views: str = ""
    child_views_how_sought: str = ""
    communication_method: str = ""
    parents_views: str = ""
    decision: str = ""
    category: str = ""
    sexual_abuse_intra_familial: bool | None = None


class PlanOutcomeIn(StrictSchema):
    description: str = ""
    actions: list[ProtectionActionIn] = []


class CoreGroupIn(StrictSchema):
    held_on: date | None = None
    notes: str = ""
    core_group_id: uuid.UUID | None = None


class PlanVisitIn(StrictSchema):
    visited_on: date | None = None
    seen_alone: bool = False


class AgreementIn(StrictSchema):
    child_id: uuid.UUID
    plan_id: uuid.UUID | None = None
    parties: str = ""
    body: str = ""
    if_not_kept: str = ""


class AgreementUpdateIn(StrictSchema):
    parties: str = ""
    body: str = ""
    if_not_kept: str = ""


class AllocationIn(StrictSchema):
    child_id: uuid.UUID
    worker_id: int | None = None
    starts_on: date | None = None
    reason: str = ""


class LookedAfterIn(StrictSchema):
    child_id: uuid.UUID
    legal_status: str
    started_on: date | None = None


class LookedAfterEndIn(StrictSchema):
    ended_on: date | None = None
    reason: str


class LookedAfterOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    legal_status: str
    legal_status_label: str
    started_on: date
    ended_on: date | None
    end_reason: str


def _looked_after_out(episode) -> dict:
    return {
        "id": episode.id,
        "child_id": episode.child_id,
        "legal_status": episode.legal_status,
        "legal_status_label": episode.get_legal_status_display(),
        "started_on": episode.started_on,
        "ended_on": episode.ended_on,
        "end_reason": episode.end_reason,
    }


class SignificantEventIn(StrictSchema):
    event_type: str
    person_ids: list[uuid.UUID]
    occurred_on: date | None = None
    summary: str = ""


class ReconveneRequestIn(StrictSchema):
    child_id: uuid.UUID
    reason: str = ""


class ReconveneDecisionIn(StrictSchema):
    decision: str
    reason: str = ""


class ActionCompleteIn(StrictSchema):
    completed_on: date | None = None


# --- Schemas out ----------------------------------------------------------------------------------


class DiscussionInvitationOut(Schema):
    id: int
    rule: str
    label: str
    display: str
    why: str
    agency_type: str
    agency: str | None
    practitioner_id: int | None
    practitioner_name: str | None
    named: bool
    child_id: uuid.UUID | None
    removed: bool
    removed_reason: str
    attendance: str
    information: str


class ProtectionActionOut(Schema):
    id: uuid.UUID
    description: str
    owner_id: int
    owner_name: str
    owner_agency: str | None
    child_id: uuid.UUID
    due_on: date
    due: str
    measure_of_success: str
    completed_on: date | None


class ProtectionChildRef(Schema):
    id: uuid.UUID
    full_name: str


class ProtectionOtherChildOut(Schema):
    id: uuid.UUID
    full_name: str
    decision: str | None
    reason: str | None


class DiscussionChildOut(ProtectionChildRef):
    harmful_sexual_behaviour: bool


class DiscussionOut(Schema):
    id: uuid.UUID
    status: str
    reason: str
    sexual_abuse_suspected: bool
    non_recent_abuse: bool
    children: list[DiscussionChildOut]
    alleged_perpetrators: list[ProtectionChildRef]
    invitations: list[DiscussionInvitationOut]
    held_on: date | None
    information_shared: str
    section_47: str
    section_47_reason: str
    abe_interview_planned: str
    abe_police_investigator: str
    abe_social_worker_role: str
    medical_examination: str
    medical_examination_reason: str
    psas_referral: str
    psas_referral_reason: str
    actions: list[ProtectionActionOut]
    other_children: list[ProtectionOtherChildOut]
    enquiry_ids: list[uuid.UUID]


class ConferenceOut(Schema):
    id: uuid.UUID
    kind: str
    child: ProtectionChildRef
    due_on: date
    scheduled_for: date
    late_reason: str
    on_time: bool
    held_on: date | None
    invitations: list[DiscussionInvitationOut]
    reports_received: str
    child_views: str
    child_views_how_sought: str
    communication_method: str
    parents_views: str
    decision: str
    category: str
    sexual_abuse_intra_familial: bool | None
    plan_id: uuid.UUID | None


class ProtectionClockOut(Schema):
    label: str
    due: date
    status: str
    overdue: bool
    child_id: uuid.UUID
    note: str


class PlanOutcomeOut(Schema):
    id: int
    description: str
    actions: list[ProtectionActionOut]


class PlanOut(Schema):
    id: uuid.UUID
    child: ProtectionChildRef
    status: str
    started_on: date
    category: str
    sexual_abuse_intra_familial: bool | None
    outcomes: list[PlanOutcomeOut]
    other_children: list[ProtectionOtherChildOut]
    clocks: list[ProtectionClockOut]
    can_finalise: bool


class AgreementOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    plan_id: uuid.UUID | None
    status: str
    parties: str
    body: str
    if_not_kept: str
    reading_age: float | None
    plain_english_problems: list[str]
    consequences_missing: bool
    reading_age_too_high: bool
    long_sentences: int
    jargon: list[str]


class PlanReviewOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    event_type: str | None
    requested_by_agency: str | None
    raised_on: date
    escalate_after: date
    escalated: bool
    decision: str
    decision_reason: str


class ChildProtectionSummaryOut(Schema):
    child: ProtectionChildRef
    clocks: list[ProtectionClockOut]
    lead_social_worker: str | None
    workers_last_12_months: int
    discussion_ids: list[uuid.UUID]
    plan_ids: list[uuid.UUID]
    conference_ids: list[uuid.UUID]
    open_reconvene_reviews: list[PlanReviewOut]


class ProtectionIdOut(Schema):
    id: uuid.UUID


class SignificantEventOut(Schema):
    id: uuid.UUID
    children_reconsidered: list[uuid.UUID]


# --- Presenters -----------------------------------------------------------------------------------


def _child(p) -> dict:
    return {"id": p.pk, "full_name": p.full_name}


def _invitation(i: Invitation) -> dict:
    return {
        "id": i.pk,
        "rule": i.rule,
        "label": i.label,
        "display": i.display,
        "why": i.why,
        "agency_type": i.agency_type,
        "agency": i.agency.name if i.agency_id else None,
        "practitioner_id": i.practitioner_id,
        "practitioner_name": str(i.practitioner) if i.practitioner_id else None,
        "named": i.named,
        "child_id": i.child_id,
        "removed": i.removed,
        "removed_reason": i.removed_reason,
        "attendance": i.attendance,
        "information": i.information,
    }


def _action(a: Action) -> dict:
    from safeguard.core.clock import Deadline

    return {
        "id": a.pk,
        "description": a.description,
        "owner_id": a.owner_id,
        "owner_name": str(a.owner),
        "owner_agency": a.owner_agency.name if a.owner_agency_id else None,
        "child_id": a.child_id,
        "due_on": a.due_on,
        "due": "done" if a.completed_on else Deadline(a.due_on).describe(),
        "measure_of_success": a.measure_of_success,
        "completed_on": a.completed_on,
    }


def _others(others) -> list[dict]:
    return [
        {
            "id": o.child.pk,
            "full_name": o.child.full_name,
            "decision": o.decision.decision if o.decision else None,
            "reason": o.decision.reason if o.decision else None,
        }
        for o in others
    ]


def _clock(c) -> dict:
    return {
        "label": c.label,
        "due": c.due,
        "status": c.describe(),
        "overdue": c.is_overdue(),
        "child_id": c.child.pk,
        "note": c.note,
    }


def discussion_out(d: StrategyDiscussion) -> dict:
    fields = [
        "id", "status", "reason", "sexual_abuse_suspected", "non_recent_abuse", "held_on", "information_shared",
        "section_47", "section_47_reason", "abe_interview_planned", "abe_police_investigator",
        "abe_social_worker_role", "medical_examination", "medical_examination_reason", "psas_referral",
        "psas_referral_reason",
    ]  # fmt: skip
    return {
        **{f: getattr(d, f) for f in fields},
        "children": [
            {**_child(link.child), "harmful_sexual_behaviour": link.harmful_sexual_behaviour}
            for link in d.child_links.select_related("child")
        ],
        "alleged_perpetrators": [_child(p) for p in d.alleged_perpetrators.all()],
        "invitations": [_invitation(i) for i in d.invitations.select_related("agency", "practitioner")],
        "actions": [_action(a) for a in d.actions.select_related("owner", "owner_agency")],
        "other_children": _others(selectors.other_children_for_discussion(d)),
        "enquiry_ids": list(d.enquiries.values_list("id", flat=True)),
    }


def conference_out(c: Conference) -> dict:
    fields = [
        "id", "kind", "due_on", "scheduled_for", "late_reason", "held_on", "reports_received", "child_views",
        "child_views_how_sought", "communication_method", "parents_views", "decision", "category",
        "sexual_abuse_intra_familial",
    ]  # fmt: skip
    plan = Plan.objects.filter(conference=c).first() or c.plan
    return {
        **{f: getattr(c, f) for f in fields},
        "child": _child(c.child),
        "on_time": c.scheduled_for <= c.due_on,
        "invitations": [_invitation(i) for i in c.invitations.select_related("agency", "practitioner")],
        "plan_id": plan.pk if plan else None,
    }


def plan_out(p: Plan) -> dict:
    others = selectors.other_children_for_plan(p)
    has_actions = Action.objects.filter(outcome__plan=p).exists()
    return {
        "id": p.pk,
        "child": _child(p.child),
        "status": p.status,
        "started_on": p.started_on,
        "category": p.category,
        "sexual_abuse_intra_familial": p.sexual_abuse_intra_familial,
        "outcomes": [
            {"id": o.pk, "description": o.description, "actions": [_action(a) for a in o.actions.all()]}
            for o in p.outcomes.prefetch_related("actions__owner", "actions__owner_agency")
        ],
        "other_children": _others(others),
        "clocks": [_clock(c) for c in (selectors.plan_clocks(p) if p.status == "active" else [])],
        "can_finalise": p.status == "draft" and has_actions and all(o.decision for o in others),
    }


def agreement_out(a: WrittenAgreement, report=None) -> dict:
    report = report or plain_english.check(a.body, a.if_not_kept)
    return {
        "id": a.pk,
        "child_id": a.child_id,
        "plan_id": a.plan_id,
        "status": a.status,
        "parties": a.parties,
        "body": a.body,
        "if_not_kept": a.if_not_kept,
        "reading_age": report.reading_age,
        "plain_english_problems": report.problems,
        "consequences_missing": report.consequences_missing,
        "reading_age_too_high": report.reading_age_too_high,
        "long_sentences": len(report.long_sentences),
        "jargon": [j.term for j in report.jargon],
    }


def review_out(r) -> dict:
    return {
        "id": r.pk,
        "child_id": r.child_id,
        "event_type": r.event.event_type if r.event_id else None,
        "requested_by_agency": r.requested_by_agency.name if r.requested_by_agency_id else None,
        "raised_on": r.raised_on,
        "escalate_after": r.escalate_after,
        "escalated": r.escalated_at is not None,
        "decision": r.decision,
        "decision_reason": r.decision_reason,
    }


def _people(ids) -> list:
    return [person_lookup(person_id=i) for i in ids]


def _practitioner(pk):
    if pk is None:
        return None
    p = Practitioner.objects.filter(pk=pk, is_active=True).first()
    if p is None:
        raise NotFound()
    return p


def _actions(rows: list[ProtectionActionIn]) -> list[dict]:
    return [{**r.model_dump(), "child_id": str(r.child_id) if r.child_id else None} for r in rows]


def _attendance(rows: list[MeetingAttendanceIn]) -> list[dict]:
    return [r.model_dump() for r in rows]


# --- Strategy discussions -------------------------------------------------------------------------


@router.post(
    "/protection/strategy-discussions",
    response={201: DiscussionOut, **ERRORS},
    summary="Propose a strategy discussion: the invitation list is proposed by the rules",
)
def propose_discussion(request, payload: DiscussionProposeIn):
    discussion = services.strategy_discussion_propose(
        actor=request.user,
        children=_people(payload.child_ids),
        reason=payload.reason,
        sexual_abuse_suspected=payload.sexual_abuse_suspected,
        non_recent_abuse=payload.non_recent_abuse,
        harmful_sexual_behaviour=_people(payload.harmful_sexual_behaviour_child_ids),
        alleged_perpetrators=_people(payload.alleged_perpetrator_ids),
    )
    return Status(201, discussion_out(discussion))


@router.get(
    "/protection/strategy-discussions/{discussion_id}",
    response={200: DiscussionOut, **ERRORS},
    summary="A strategy discussion: invitees, attendance, decisions and actions",
)
def get_discussion(request, discussion_id: uuid.UUID):
    return discussion_out(selectors.discussion_for_view(actor=request.user, discussion_id=discussion_id))


@router.patch(
    "/protection/strategy-discussions/{discussion_id}",
    response={200: DiscussionOut, **ERRORS},
    summary="Change the concerns before the meeting (newly proposed invitees are added)",
)
def patch_discussion(request, discussion_id: uuid.UUID, payload: DiscussionPatch):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    services.strategy_discussion_update(
        actor=request.user,
        discussion=discussion,
        sexual_abuse_suspected=payload.sexual_abuse_suspected,
        non_recent_abuse=payload.non_recent_abuse,
        harmful_sexual_behaviour_ids=payload.harmful_sexual_behaviour_child_ids,
        alleged_perpetrators=_people(payload.alleged_perpetrator_ids)
        if payload.alleged_perpetrator_ids is not None
        else None,
    )
    return discussion_out(discussion)


@router.post(
    "/protection/strategy-discussions/{discussion_id}/invitations",
    response={201: DiscussionInvitationOut, **ERRORS},
    summary="Invite another agency or practitioner",
)
def add_invitation(request, discussion_id: uuid.UUID, payload: DiscussionInvitationIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    invitation = services.invitation_add(
        actor=request.user,
        meeting=discussion,
        label=payload.label,
        agency_type=payload.agency_type,
        practitioner=_practitioner(payload.practitioner_id),
        why=payload.why,
    )
    return Status(201, _invitation(invitation))


@router.post(
    "/protection/invitations/{invitation_id}/remove",
    response={200: DiscussionInvitationOut, **ERRORS},
    summary="Remove an invitee (a reason is required for an agency the rules proposed)",
)
def remove_invitation(request, invitation_id: int, payload: InvitationRemoveIn):
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound()
    return _invitation(services.invitation_remove(actor=request.user, invitation=invitation, reason=payload.reason))


class InvitationNameIn(StrictSchema):
    practitioner_id: int


@router.post(
    "/protection/invitations/{invitation_id}/name",
    response={200: DiscussionInvitationOut, **ERRORS},
    summary="Name the practitioner (any practitioner in the directory) for an invitee",
)
def name_invitation(request, invitation_id: int, payload: InvitationNameIn):
    from safeguard.directory.selectors import practitioner_lookup

    invitation = selectors.invitation_for_naming(actor=request.user, invitation_id=invitation_id)
    practitioner = practitioner_lookup(practitioner_id=payload.practitioner_id)
    return _invitation(services.invitation_name(actor=request.user, invitation=invitation, practitioner=practitioner))


@router.post(
    "/protection/strategy-discussions/{discussion_id}/record",
    response={200: DiscussionOut, **ERRORS},
    summary="Record the meeting: attendance, information shared, decisions, actions",
)
def record_discussion(request, discussion_id: uuid.UUID, payload: DiscussionRecordIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    data = payload.model_dump(exclude={"actions", "attendance"})
    services.strategy_discussion_record(
        actor=request.user,
        discussion=discussion,
        attendance=_attendance(payload.attendance),
        actions=_actions(payload.actions),
        **data,
    )
    return discussion_out(discussion)


@router.post(
    "/protection/strategy-discussions/{discussion_id}/sibling-decisions",
    response={201: DiscussionOut, **ERRORS},
    summary="Record a decision for another linked child",
)
def discussion_sibling_decision(request, discussion_id: uuid.UUID, payload: SiblingDecisionIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    services.sibling_decision_record(
        actor=request.user,
        discussion=discussion,
        other_child=person_lookup(person_id=payload.other_child_id),
        decision=payload.decision,
        reason=payload.reason,
    )
    return Status(201, discussion_out(discussion))


@router.post(
    "/protection/section-47/{enquiry_id}/conclude",
    response={200: ProtectionIdOut, **ERRORS},
    summary="Record the outcome of a section 47 enquiry",
)
def conclude_enquiry(request, enquiry_id: uuid.UUID, payload: EnquiryConcludeIn):
    enquiry = selectors.enquiry_lookup(enquiry_id=enquiry_id)
    services.section47_conclude(
        actor=request.user,
        enquiry=enquiry,
        outcome=payload.outcome,
        reason=payload.reason,
        concluded_on=payload.concluded_on,
    )
    return {"id": enquiry.pk}


class Section47RecordIn(StrictSchema):
    complete: bool = False
    started_on: date | None = None
    social_worker_findings: str = ""
    police_findings: str = ""
    concerns_substantiated: str = ""
    icpc_needed: str = ""
    next_step: str = ""
    outcome_reason: str = ""
    concluded_on: date | None = None


class Section47EnquiryOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    discussion_id: uuid.UUID
    kind: str
    kind_label: str
    started_on: date
    social_worker_findings: str
    police_findings: str
    concerns_substantiated: str
    icpc_needed: str
    icpc_not_required: bool | None
    outcome: str
    outcome_label: str
    outcome_reason: str
    concluded_on: date | None
    initial_conference_on: date | None


def _enquiry_out(e) -> dict:
    conference = Conference.objects.filter(enquiry=e, kind=Conference.Kind.INITIAL).first()
    return {
        "id": e.pk, "child_id": e.child_id, "discussion_id": e.discussion_id, "kind": e.kind,
        "kind_label": e.get_kind_display(), "started_on": e.started_on,
        "social_worker_findings": e.social_worker_findings, "police_findings": e.police_findings,
        "concerns_substantiated": e.concerns_substantiated, "icpc_needed": e.icpc_needed,
        "icpc_not_required": {"yes": False, "no": True}.get(e.icpc_needed),
        "outcome": e.outcome, "outcome_label": e.get_outcome_display(), "outcome_reason": e.outcome_reason,
        "concluded_on": e.concluded_on,
        "initial_conference_on": (conference.held_on or conference.scheduled_for) if conference else None,
    }  # fmt: skip


@router.get(
    "/protection/section-47/{enquiry_id}",
    response={200: Section47EnquiryOut, **ERRORS},
    summary="A section 47 enquiry: findings, outcome and the dates the statutory returns need",
)
def get_enquiry(request, enquiry_id: uuid.UUID):
    return _enquiry_out(selectors.enquiry_for_view(actor=request.user, enquiry_id=enquiry_id))


@router.post(
    "/protection/section-47/{enquiry_id}/record",
    response={200: Section47EnquiryOut, **ERRORS},
    summary="Record a section 47 enquiry's findings and, with complete, its outcome",
)
def record_enquiry(request, enquiry_id: uuid.UUID, payload: Section47RecordIn):
    enquiry = selectors.enquiry_lookup(enquiry_id=enquiry_id)
    services.section47_record(actor=request.user, enquiry=enquiry, **payload.model_dump())
    return _enquiry_out(enquiry)


# --- Conferences ----------------------------------------------------------------------------------


@router.post(
    "/protection/conferences",
    response={201: ConferenceOut, **ERRORS},
    summary="Schedule a conference (a date after the statutory clock needs a reason)",
)
def schedule_conference(request, payload: ConferenceScheduleIn):
    plan = selectors.plan_lookup(plan_id=payload.plan_id) if payload.plan_id else None
    conference = services.conference_schedule(
        actor=request.user,
        child=person_lookup(person_id=payload.child_id),
        kind=payload.kind,
        scheduled_for=payload.scheduled_for,
        chair=_practitioner(payload.chair_id),
        late_reason=payload.late_reason,
        plan=plan,
        starts_at=_time(payload.starts_at),
        place=payload.place,
    )
    return Status(201, conference_out(conference))


@router.get("/protection/conferences/{conference_id}", response={200: ConferenceOut, **ERRORS}, summary="A conference")
def get_conference(request, conference_id: uuid.UUID):
    return conference_out(selectors.conference_for_view(actor=request.user, conference_id=conference_id))


@router.post(
    "/protection/conferences/{conference_id}/record",
    response={200: ConferenceOut, **ERRORS},
    summary="Record a conference: attendance, reports, views, decision and category",
)
def record_conference(request, conference_id: uuid.UUID, payload: ConferenceRecordIn):
    conference = selectors.conference_lookup(conference_id=conference_id)
    services.conference_record(
        actor=request.user,
        conference=conference,
        attendance=_attendance(payload.attendance),
        **payload.model_dump(exclude={"attendance"}),
    )
    return conference_out(conference)


# --- Plans ----------------------------------------------------------------------------------------


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
    return [_action(a) for a in selectors.overdue_actions_for(actor=request.user)]


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
    return [_clock(c) for c in page.items]


def _summary(actor, person_id) -> dict:
    s = selectors.protection_summary(actor=actor, person_id=person_id)
    return {
        "child": _child(s.child),
        "clocks": [_clock(c) for c in s.clocks],
        "lead_social_worker": str(s.lead_social_worker) if s.lead_social_worker else None,
        "workers_last_12_months": s.workers_last_12_months,
        "discussion_ids": [d.pk for d in s.discussions],
        "plan_ids": [p.pk for p in s.plans],
        "conference_ids": [c.pk for c in s.conferences],
        "open_reconvene_reviews": [review_out(r) for r in s.reviews if not r.decision],
    }


@router.get(
    "/protection/children/{person_id}/summary",
    response={200: ChildProtectionSummaryOut, **ERRORS},
    summary="A child's protection summary: clocks, workers in the last 12 months, meetings",
)
def child_summary(request, person_id: uuid.UUID):
    return _summary(request.user, person_id)


# --- Written agreements ---------------------------------------------------------------------------


@router.post(
    "/protection/agreements",
    response={201: AgreementOut, **ERRORS},
    summary="Draft a written agreement; the answer carries the plain-English check",
)
def create_agreement(request, payload: AgreementIn):
    plan = selectors.plan_lookup(plan_id=payload.plan_id) if payload.plan_id else None
    agreement, report = services.agreement_save(
        actor=request.user,
        child=person_lookup(person_id=payload.child_id),
        plan=plan,
        parties=payload.parties,
        body=payload.body,
        if_not_kept=payload.if_not_kept,
    )
    return Status(201, agreement_out(agreement, report))


@router.put(
    "/protection/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="Change a draft written agreement",
)
def update_agreement(request, agreement_id: uuid.UUID, payload: AgreementUpdateIn):
    agreement = selectors.agreement_lookup(agreement_id=agreement_id)
    agreement, report = services.agreement_save(
        actor=request.user, child=agreement.child, plan=agreement.plan, agreement=agreement, **payload.model_dump()
    )
    return agreement_out(agreement, report)


@router.get(
    "/protection/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="A written agreement with its plain-English check",
)
def get_agreement(request, agreement_id: uuid.UUID):
    return agreement_out(selectors.agreement_for_view(actor=request.user, agreement_id=agreement_id))


@router.post(
    "/protection/agreements/{agreement_id}/agree",
    response={200: AgreementOut, **ERRORS},
    summary="Mark the agreement as agreed (it must say what happens if it is not kept)",
)
def agree_agreement(request, agreement_id: uuid.UUID):
    agreement = selectors.agreement_lookup(agreement_id=agreement_id)
    return agreement_out(services.agreement_confirm(actor=request.user, agreement=agreement))


@router.get(
    "/protection/agreements/{agreement_id}/pdf",
    response={200: None, **ERRORS},
    summary="The agreement as a printable PDF",
    openapi_extra={
        "responses": {
            200: {"description": "The written agreement", "content": {"application/pdf": {"schema": {}}}}
        }
    },
)
def agreement_pdf(request, agreement_id: uuid.UUID):
    _agreement, pdf = services.agreement_pdf(actor=request.user, agreement_id=agreement_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="written-agreement.pdf"'
    return response


# --- Allocation, significant events, reconvening --------------------------------------------------


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


# --- Meetings: arranged, rescheduled, cancelled; the calendar -------------------------------------


TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"


class MeetingArrangeIn(StrictSchema):
    scheduled_for: date | None = None
    starts_at: str | None = Field(None, pattern=TIME_PATTERN, description="Local time, 24-hour clock: HH:MM")
    place: str = ""

    def arrangements(self) -> dict:
        return {"scheduled_for": self.scheduled_for, "starts_at": _time(self.starts_at), "place": self.place}


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value.zfill(5)) if value else None


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


class MeetingRescheduleIn(MeetingArrangeIn):
    reason: str = ""


class MeetingCancelIn(StrictSchema):
    reason: str = ""


class MeetingChangeOut(Schema):
    change: str
    change_label: str
    was: str
    now: str
    reason: str
    changed_by: str
    changed_at: str


class MeetingOut(Schema):
    kind: str
    id: uuid.UUID
    title: str
    scheduled_for: date | None
    starts_at: str | None
    place: str
    arrangements: str
    cancelled: bool
    cancel_reason: str
    changes: list[MeetingChangeOut]


class MeetingCalendarItemOut(Schema):
    kind: str
    id: uuid.UUID
    title: str
    scheduled_for: date
    starts_at: str | None
    place: str
    children: list[str]
    other_children: int
    invitees: list[str]


class MeetingCalendarDayOut(Schema):
    date: date
    meetings: list[MeetingCalendarItemOut]


MEETING_KIND = {StrategyDiscussion: "strategy-discussion", Conference: "conference"}


def _meeting_kind(meeting) -> str:
    return MEETING_KIND.get(type(meeting), "core-group")


def meeting_out(meeting) -> dict:
    return {
        "kind": _meeting_kind(meeting), "id": meeting.pk, "title": services.meeting_title(meeting),
        "scheduled_for": meeting.scheduled_for, "starts_at": _hhmm(meeting.starts_at), "place": meeting.place,
        "arrangements": services.arrangements_in_words(meeting), "cancelled": meeting.is_cancelled,
        "cancel_reason": meeting.cancel_reason,
        "changes": [
            {"change": c.change, "change_label": c.get_change_display(), "was": c.was, "now": c.now,
             "reason": c.reason, "changed_by": str(c.changed_by), "changed_at": c.changed_at.isoformat()}
            for c in meeting.changes.select_related("changed_by")
        ],
    }  # fmt: skip


def _meeting(kind: str, meeting_id):
    if kind == "strategy-discussion":
        return selectors.discussion_lookup(discussion_id=meeting_id)
    if kind == "conference":
        return selectors.conference_lookup(conference_id=meeting_id)
    if kind == "core-group":
        return selectors.core_group_lookup(core_group_id=meeting_id)
    raise NotFound()


@router.post(
    "/protection/strategy-discussions/{discussion_id}/arrange",
    response={200: MeetingOut, **ERRORS},
    summary="Arrange the strategy discussion (date, time, place or call details): invitations go to named invitees",
)
def arrange_discussion(request, discussion_id: uuid.UUID, payload: MeetingArrangeIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    services.strategy_discussion_arrange(actor=request.user, discussion=discussion, **payload.arrangements())
    return meeting_out(discussion)


@router.post(
    "/protection/plans/{plan_id}/core-groups/schedule",
    response={201: MeetingOut, **ERRORS},
    summary="Arrange a core group meeting (not before the initial conference); invitations go to named invitees",
)
def schedule_core_group(request, plan_id: uuid.UUID, payload: MeetingArrangeIn):
    plan = selectors.plan_lookup(plan_id=plan_id)
    core_group = services.core_group_schedule(actor=request.user, plan=plan, **payload.arrangements())
    return Status(201, meeting_out(core_group))


@router.post(
    "/protection/meetings/{kind}/{meeting_id}/reschedule",
    response={200: MeetingOut, **ERRORS},
    summary="Reschedule a meeting (kind: strategy-discussion, conference or core-group), with the reason",
)
def reschedule_meeting(request, kind: str, meeting_id: uuid.UUID, payload: MeetingRescheduleIn):
    meeting = _meeting(kind, meeting_id)
    services.meeting_reschedule(actor=request.user, meeting=meeting, **payload.arrangements(), reason=payload.reason)
    return meeting_out(meeting)


@router.post(
    "/protection/meetings/{kind}/{meeting_id}/cancel",
    response={200: MeetingOut, **ERRORS},
    summary="Cancel a meeting (kind: strategy-discussion, conference or core-group), with the reason",
)
def cancel_meeting(request, kind: str, meeting_id: uuid.UUID, payload: MeetingCancelIn):
    meeting = _meeting(kind, meeting_id)
    services.meeting_cancel(actor=request.user, meeting=meeting, reason=payload.reason)
    return meeting_out(meeting)


@router.get(
    "/protection/meetings",
    response={200: list[MeetingCalendarDayOut], **ERRORS},
    summary="Upcoming meetings by day: yours, or (team_id) those of everyone in one of your teams",
)
def meetings_calendar(request, team_id: int | None = None, days: int = 56):
    from django.utils import timezone

    if team_id is not None and team_id not in request.user.team_ids:
        raise NotFound()
    from safeguard.agencies.models import Team

    ids = selectors.team_member_ids(Team.objects.get(pk=team_id)) if team_id is not None else {request.user.pk}
    calendar = selectors.meetings_calendar(
        actor=request.user, practitioner_ids=ids, start=timezone.localdate(), days=max(1, min(days, 366))
    )
    return [
        {
            "date": day.on,
            "meetings": [
                {"kind": _meeting_kind(m.meeting), "id": m.meeting.pk, "title": m.title, "scheduled_for": m.on,
                 "starts_at": _hhmm(m.starts_at), "place": m.place, "children": m.children,
                 "other_children": m.hidden_children, "invitees": m.invitees}
                for m in day.meetings
            ],
        }
        for day in calendar
    ]  # fmt: skip
