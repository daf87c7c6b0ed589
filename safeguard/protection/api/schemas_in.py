"""Request bodies of the protection API, and the small conversions from them to service arguments."""

from __future__ import annotations

import uuid
from datetime import date, time

from ninja import Field

from safeguard.api.schemas import StrictSchema
from safeguard.core.inputs import model_code
from safeguard.protection.inputs.actions import ACTION_COMPLETE, PROTECTION_ACTION
from safeguard.protection.inputs.casework import (
    LOOKED_AFTER,
    LOOKED_AFTER_END,
    RECONVENE_DECISION,
    RECONVENE_REQUEST,
    SIGNIFICANT_EVENT,
)
from safeguard.protection.inputs.conferences import CONFERENCE_RECORD, CONFERENCE_SCHEDULE
from safeguard.protection.inputs.plans import AGREEMENT, AGREEMENT_UPDATE, CORE_GROUP, PLAN_OUTCOME, PLAN_VISIT
from safeguard.protection.models import (
    Invitation,
    Section47Enquiry,
    SiblingDecision,
    StrategyDiscussion,
)

# Code fields, documented as their code lists (core.inputs.model_code / code_out).
AttendanceCode = model_code(Invitation, "attendance")
Section47DecisionCode = model_code(StrategyDiscussion, "section_47")
ConsideredCode = model_code(StrategyDiscussion, "abe_interview_planned")
SiblingDecisionCode = model_code(SiblingDecision, "decision")
EnquiryOutcomeCode = model_code(Section47Enquiry, "outcome", blank=False)


# Request bodies made from protection's input definitions (safeguard.protection.inputs).
ProtectionActionIn = PROTECTION_ACTION.schema
ActionCompleteIn = ACTION_COMPLETE.schema
ConferenceScheduleIn = CONFERENCE_SCHEDULE.schema
PlanOutcomeIn = PLAN_OUTCOME.schema
CoreGroupIn = CORE_GROUP.schema
PlanVisitIn = PLAN_VISIT.schema
AgreementIn = AGREEMENT.schema
AgreementUpdateIn = AGREEMENT_UPDATE.schema
LookedAfterIn = LOOKED_AFTER.schema
LookedAfterEndIn = LOOKED_AFTER_END.schema
SignificantEventIn = SIGNIFICANT_EVENT.schema
ReconveneRequestIn = RECONVENE_REQUEST.schema
ReconveneDecisionIn = RECONVENE_DECISION.schema


class MeetingAttendanceIn(StrictSchema):
    invitation_id: int
    attendance: AttendanceCode
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
    section_47: Section47DecisionCode = ""
    section_47_reason: str = ""
    abe_interview_planned: ConsideredCode = ""
    abe_police_investigator: str = ""
    abe_social_worker_role: str = ""
    medical_examination: ConsideredCode = ""
    medical_examination_reason: str = ""
    psas_referral: ConsideredCode = ""
    psas_referral_reason: str = ""
    actions: list[ProtectionActionIn] = []


class SiblingDecisionIn(StrictSchema):
    other_child_id: uuid.UUID
    decision: SiblingDecisionCode
    reason: str = ""


class EnquiryConcludeIn(StrictSchema):
    outcome: EnquiryOutcomeCode
    reason: str = ""
    concluded_on: date | None = None


class ConferenceRecordIn(CONFERENCE_RECORD.schema):  # type: ignore[misc,valid-type]
    """The conference's record: its definition's answers, and who attended (a row per invitee)."""

    attendance: list[MeetingAttendanceIn] = []


class AllocationIn(StrictSchema):
    child_id: uuid.UUID
    worker_id: int | None = None
    starts_on: date | None = None
    reason: str = ""


def _actions(rows: list[ProtectionActionIn]) -> list[dict]:
    return [{**r.model_dump(), "child_id": str(r.child_id) if r.child_id else None} for r in rows]


def _attendance(rows: list[MeetingAttendanceIn]) -> list[dict]:
    return [r.model_dump() for r in rows]


class InvitationNameIn(StrictSchema):
    practitioner_id: int


class Section47RecordIn(StrictSchema):
    complete: bool = False
    started_on: date | None = None
    social_worker_findings: str = ""
    police_findings: str = ""
    concerns_substantiated: ConsideredCode = ""
    icpc_needed: ConsideredCode = ""
    next_step: str = ""
    outcome_reason: str = ""
    concluded_on: date | None = None


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
