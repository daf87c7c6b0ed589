"""Response bodies of the protection API."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic.json_schema import WithJsonSchema

from safeguard.api.schemas import OutSchema
from safeguard.core.inputs import model_code
from safeguard.core.models import ChronologyEvent
from safeguard.protection.models import (
    Conference,
    Invitation,
    LookedAfterEpisode,
    MeetingChange,
    Plan,
    ReconveneReview,
    Section47Enquiry,
    SiblingDecision,
    StrategyDiscussion,
    WrittenAgreement,
)

# Code fields, documented as their code lists (core.inputs.model_code / code_out).
AttendanceCode = model_code(Invitation, "attendance")
Section47DecisionCode = model_code(StrategyDiscussion, "section_47")
ConsideredCode = model_code(StrategyDiscussion, "abe_interview_planned")
SiblingDecisionCode = model_code(SiblingDecision, "decision")
EnquiryKindCode = model_code(Section47Enquiry, "kind")
EnquiryOutcomeCode = model_code(Section47Enquiry, "outcome")
ConferenceKindCode = model_code(Conference, "kind")
ConferenceDecisionCode = model_code(Conference, "decision")
CategoryCode = model_code(Conference, "category")
PlanCategoryCode = model_code(Plan, "category")
PlanStatusCode = model_code(Plan, "status")
DiscussionStatusCode = model_code(StrategyDiscussion, "status")
AgreementStatusCode = model_code(WrittenAgreement, "status")
LegalStatusCode = model_code(LookedAfterEpisode, "legal_status")
ReconveneDecisionCode = model_code(ReconveneReview, "decision")
EventTypeCode = model_code(ChronologyEvent, "event_type")
ChangeCode = model_code(MeetingChange, "change")
MEETING_KINDS = ["strategy-discussion", "conference", "core-group"]  # as in /protection/meetings/{kind}/
MeetingKindCode = Annotated[str, WithJsonSchema({"type": "string", "enum": MEETING_KINDS})]



class LookedAfterOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    legal_status: LegalStatusCode
    legal_status_label: str
    started_on: date
    ended_on: date | None
    end_reason: str


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
    attendance: AttendanceCode
    information: str


class ProtectionActionOut(OutSchema):
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


class ProtectionChildRef(OutSchema):
    id: uuid.UUID
    full_name: str


class ProtectionOtherChildOut(Schema):
    id: uuid.UUID
    full_name: str
    decision: SiblingDecisionCode | None
    reason: str | None


class DiscussionChildOut(ProtectionChildRef):
    harmful_sexual_behaviour: bool


class DiscussionOut(Schema):
    id: uuid.UUID
    status: DiscussionStatusCode
    reason: str
    sexual_abuse_suspected: bool
    non_recent_abuse: bool
    children: list[DiscussionChildOut]
    alleged_perpetrators: list[ProtectionChildRef]
    invitations: list[DiscussionInvitationOut]
    held_on: date | None
    information_shared: str
    section_47: Section47DecisionCode
    section_47_reason: str
    abe_interview_planned: ConsideredCode
    abe_police_investigator: str
    abe_social_worker_role: str
    medical_examination: ConsideredCode
    medical_examination_reason: str
    psas_referral: ConsideredCode
    psas_referral_reason: str
    actions: list[ProtectionActionOut]
    other_children: list[ProtectionOtherChildOut]
    enquiry_ids: list[uuid.UUID]


class ConferenceOut(Schema):
    id: uuid.UUID
    kind: ConferenceKindCode
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
    decision: ConferenceDecisionCode
    category: CategoryCode
    sexual_abuse_intra_familial: bool | None
    plan_id: uuid.UUID | None


class ProtectionClockOut(OutSchema):
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
    status: PlanStatusCode
    started_on: date
    category: PlanCategoryCode
    sexual_abuse_intra_familial: bool | None
    outcomes: list[PlanOutcomeOut]
    other_children: list[ProtectionOtherChildOut]
    clocks: list[ProtectionClockOut]
    can_finalise: bool


class AgreementOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    plan_id: uuid.UUID | None
    status: AgreementStatusCode
    parties: str
    body: str
    if_not_kept: str
    reading_age: float | None
    plain_english_problems: list[str]
    consequences_missing: bool
    reading_age_too_high: bool
    long_sentences: int
    jargon: list[str]


class PlanReviewOut(OutSchema):
    id: uuid.UUID
    child_id: uuid.UUID
    event_type: EventTypeCode | None
    requested_by_agency: str | None
    raised_on: date
    escalate_after: date
    escalated: bool
    decision: ReconveneDecisionCode
    decision_reason: str


class ChildProtectionSummaryOut(OutSchema):
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


class Section47EnquiryOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    discussion_id: uuid.UUID
    kind: EnquiryKindCode
    kind_label: str
    started_on: date
    social_worker_findings: str
    police_findings: str
    concerns_substantiated: ConsideredCode
    icpc_needed: ConsideredCode
    icpc_not_required: bool | None
    outcome: EnquiryOutcomeCode
    outcome_label: str
    outcome_reason: str
    concluded_on: date | None
    initial_conference_on: date | None


class MeetingChangeOut(Schema):
    change: ChangeCode
    change_label: str
    was: str
    now: str
    reason: str
    changed_by: str
    changed_at: str


class MeetingOut(Schema):
    kind: MeetingKindCode
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
    kind: MeetingKindCode
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
