"""Response bodies of the front door API."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field, Schema

from safeguard.api.schemas import OutSchema
from safeguard.challenges.models import ProfessionalChallenge
from safeguard.core.inputs import code_out, model_code
from safeguard.frontdoor.codes import ConcernCategory
from safeguard.frontdoor.models import (
    Contact,
    ContactSubject,
    Decision,
    InformationRequest,
    Notification,
    NotifiedPerson,
    TriageItem,
)
from safeguard.people.models import Person

# Code fields, documented as their code lists (core.inputs.model_code / code_out).
SubjectRoleCode = model_code(ContactSubject, "role")
SexCode = model_code(Person, "sex", blank=True)
RelationshipCode = model_code(ContactSubject, "relationship")
ReferralSourceCode = model_code(Contact, "referral_source")
ConcernCategoryCode = code_out(ConcernCategory)
OutcomeCode = model_code(Decision, "outcome")
RequestRagCode = model_code(InformationRequest, "rag")
RequestStatusCode = model_code(InformationRequest, "status")
ContactStatusCode = model_code(Contact, "status")
ContactRagCode = model_code(Contact, "rag")
ConsentStatusCode = model_code(Contact, "consent_status")
LawfulBasisCode = model_code(Contact, "lawful_basis", blank=True)
ChallengeStatusCode = model_code(ProfessionalChallenge, "status")
DashRiskCode = model_code(Notification, "dash_risk")
ScreeningStatusCode = model_code(Notification, "screening_status")
NotifiedRoleCode = model_code(NotifiedPerson, "role")
TriageDashRiskCode = model_code(Notification, "dash_risk", blank=True)
TriageOutcomeCode = model_code(TriageItem, "outcome", blank=True)


# Code fields, documented as their code lists (core.inputs.model_code / code_out).
NotificationKindCode = model_code(Notification, "kind")



class ContactSubjectOut(Schema):
    id: int
    role: SubjectRoleCode
    role_label: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: SexCode
    school: str
    relationship: RelationshipCode
    relationship_label: str
    person_id: uuid.UUID | None
    matched: bool


class HistoryContactOut(Schema):
    id: uuid.UUID
    received_at: datetime
    referral_source: ReferralSourceCode
    categories: list[ConcernCategoryCode]
    outcome: OutcomeCode | None


class CumulativeConcernOut(Schema):
    triggered: bool
    count: int
    threshold: int
    window_months: int
    summary: str
    contacts: list[HistoryContactOut]


class InformationRequestOut(OutSchema):
    id: uuid.UUID
    contact_id: uuid.UUID
    team_id: int
    team: str
    agency: str
    question: str
    rag: RequestRagCode
    requested_at: datetime
    due_at: datetime
    status: RequestStatusCode
    late: bool
    answer: str
    answered_at: datetime | None
    children: list[dict] = Field(description="The children asked about; empty once answered")


class ThresholdViewOut(Schema):
    agency: str
    recommended_outcome: OutcomeCode
    rationale: str
    recorded_at: datetime


class AgencyInvolvementOut(Schema):
    agency: str
    agency_type: str
    team: str
    kind: str
    phone: str
    email: str


class ContactDecisionOut(Schema):
    id: uuid.UUID
    contact_id: uuid.UUID
    outcome: OutcomeCode
    outcome_label: str
    rationale: str
    history_acknowledgement: str
    decided_by: str
    decided_at: datetime
    within_timescale: bool
    cumulative_concern: bool
    agreed_agencies: list[str]
    dissenting_agencies: list[str]
    next_record: dict | None
    children: list[dict]


class ContactOut(Schema):
    id: uuid.UUID
    reference: str
    access: str = Field(description="front_door, partner or referrer: what the caller sees")
    received_at: datetime
    decision_due_on: date
    decision_clock: str = Field(description="e.g. 'due in 1 working day' or 'overdue by 2 working days'")
    overdue: bool
    status: ContactStatusCode
    rag: ContactRagCode
    team: str
    referrer_name: str
    referrer_role: str
    referrer_agency: str
    referral_source: ReferralSourceCode
    referral_source_label: str
    concerns: str
    categories: list[ConcernCategoryCode]
    consent_status: ConsentStatusCode
    lawful_basis: LawfulBasisCode
    consent_reason: str
    cumulative_concern: CumulativeConcernOut | None
    subjects: list[ContactSubjectOut]
    information_requests: list[InformationRequestOut]
    threshold_views: list[ThresholdViewOut]
    involvements: dict[str, list[AgencyInvolvementOut]] = Field(description="Other agencies working with each person")
    decision: ContactDecisionOut | None


class ContactQueueItemOut(OutSchema):
    id: uuid.UUID
    reference: str
    received_at: datetime
    decision_due_on: date
    decision_clock: str
    overdue: bool
    status: ContactStatusCode
    rag: ContactRagCode
    team_id: int
    children: list[str]


class ContactSubjectCandidateOut(Schema):
    visible: bool
    person_id: uuid.UUID | None = Field(description="Only for records you may see")
    full_name: str | None
    date_of_birth: date | None
    match_probability: float | None
    explanation: list[str]
    held_by: str
    message: str


class ContactSubjectEnquiryOut(Schema):
    held_by: str
    contact_in_hours: str
    contact_out_of_hours: str
    message: str


class DecisionChallengeOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    stage: int
    stage_label: str
    owner: str
    stage_due_on: date
    status: ChallengeStatusCode


class ContactOutcomeOut(Schema):
    decision_id: uuid.UUID
    contact_id: uuid.UUID
    received_at: datetime
    outcome: OutcomeCode
    outcome_label: str
    decided_at: datetime


class NotificationImportErrorOut(Schema):
    line: int
    field: str
    message: str
    reference: str


class NotificationImportReportOut(Schema):
    accepted: list[str]
    already_imported: list[str]
    errors: list[NotificationImportErrorOut]


class PoliceNotifiedPersonOut(OutSchema):
    role: NotifiedRoleCode
    full_name: str
    date_of_birth: date | None
    present: bool
    normally_resides: bool
    school: str


class PoliceNotificationOut(OutSchema):
    id: uuid.UUID
    reference: str
    kind: NotificationKindCode
    incident_at: datetime
    recorded_at: datetime | None = Field(
        description="When the police recorded it as ready for screening (from the feed); null if the feed did not say"
    )
    received_at: datetime = Field(description="When it was imported into Safeguard (the same as imported_at)")
    imported_at: datetime
    clock_starts_at: datetime = Field(
        description="Where the screening clock starts: recorded_at, or the incident time when the feed did not say"
    )
    age_hours: float = Field(description="Hours since clock_starts_at")
    over_threshold: bool
    dash_risk: DashRiskCode
    screening_status: ScreeningStatusCode
    screening_reason: str
    contact_id: uuid.UUID | None
    summary: str
    people: list[PoliceNotifiedPersonOut]


class PoliceScreeningDashboardOut(OutSchema):
    waiting_count: int
    over_threshold_count: int
    threshold_hours: int
    oldest_age_hours: float | None
    waiting: list[PoliceNotificationOut]


class EncompassNoticeOut(OutSchema):
    id: uuid.UUID
    notification_reference: str
    incident_at: datetime
    child_name: str
    child_date_of_birth: date | None
    present: bool
    normally_resides: bool
    school: str
    due_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None = Field(description="Who acknowledged the notice for the school (their name)")
    acknowledged_by_job_title: str | None
    flag: str


class TriageActionOut(Schema):
    description: str
    owner: str
    due_on: date


class TriageInputOut(Schema):
    agency: str
    information: str
    recorded_at: datetime


class TriageItemOut(Schema):
    id: uuid.UUID
    notification_reference: str | None
    contact_id: uuid.UUID | None
    dash_risk: TriageDashRiskCode
    people: list[str]
    outcome: TriageOutcomeCode
    rationale: str
    inputs: list[TriageInputOut]
    actions: list[TriageActionOut]


class TriageMeetingOut(Schema):
    id: uuid.UUID
    held_on: date
    closed: bool
    minutes: str
    items: list[TriageItemOut]
