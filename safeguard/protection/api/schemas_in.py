"""Request bodies of the protection API, and the small conversions from them to service arguments."""

from __future__ import annotations

import uuid
from datetime import date, time

from ninja import Field

from safeguard.api.schemas import StrictSchema
from safeguard.core.inputs import Input, code_out, model_code
from safeguard.protection.inputs import allocation, discussions, enquiries, meetings
from safeguard.protection.models import (
    Conference,
    LookedAfterEpisode,
    ReconveneReview,
)
from safeguard.protection.services.events import SIGNIFICANT_EVENT_TYPES

# Code fields, documented as their code lists (core.inputs.model_code / code_out).
ConferenceKindCode = model_code(Conference, "kind")
ConferenceDecisionCode = model_code(Conference, "decision")
CategoryCode = model_code(Conference, "category")
LegalStatusCode = model_code(LookedAfterEpisode, "legal_status")
ReconveneDecisionCode = model_code(ReconveneReview, "decision", blank=False)



# Code fields, documented as their code lists (core.inputs.model_code / code_out).
SignificantEventCode = code_out(sorted(SIGNIFICANT_EVENT_TYPES, key=lambda t: t.value))



class ProtectionActionIn(StrictSchema):
    description: str = ""
    owner_id: int | None = None
    due_on: date | None = None
    child_id: uuid.UUID | None = None
    measure_of_success: str = ""


# Strategy discussions, meetings, section 47 enquiries and allocation: made from their input
# definitions (protection.inputs), which the pages' forms are made from too.
MeetingAttendanceIn = discussions.MEETING_ATTENDANCE.schema
DiscussionProposeIn = discussions.DISCUSSION_PROPOSE.schema
DiscussionPatch = discussions.DISCUSSION_PATCH.schema
DiscussionInvitationIn = discussions.DISCUSSION_INVITATION.schema
InvitationRemoveIn = discussions.INVITATION_REMOVE.schema
InvitationNameIn = discussions.INVITATION_NAME.schema
# The record's fields as defined, with its rows: who attended, and the actions agreed.
DiscussionRecordIn = Input(
    "DiscussionRecordIn",
    extra={
        "attendance": (list[MeetingAttendanceIn], Field(default_factory=list)),
        "actions": (list[ProtectionActionIn], Field(default_factory=list)),
    },
    **discussions.DISCUSSION_RECORD.fields,
).schema
SiblingDecisionIn = discussions.SIBLING_DECISION.schema
Section47RecordIn = enquiries.SECTION47_RECORD.schema
EnquiryConcludeIn = enquiries.ENQUIRY_CONCLUDE.schema
MeetingArrangeIn = meetings.MEETING_ARRANGE.schema
MeetingRescheduleIn = meetings.MEETING_RESCHEDULE.schema
MeetingCancelIn = meetings.MEETING_CANCEL.schema
AllocationIn = allocation.ALLOCATION.schema


class ConferenceScheduleIn(StrictSchema):
    child_id: uuid.UUID
    kind: ConferenceKindCode = "initial"
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
    decision: ConferenceDecisionCode = ""
    category: CategoryCode = ""
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


class LookedAfterIn(StrictSchema):
    child_id: uuid.UUID
    legal_status: LegalStatusCode
    started_on: date | None = None


class LookedAfterEndIn(StrictSchema):
    ended_on: date | None = None
    reason: str


class SignificantEventIn(StrictSchema):
    event_type: SignificantEventCode
    person_ids: list[uuid.UUID]
    occurred_on: date | None = None
    summary: str = ""


class ReconveneRequestIn(StrictSchema):
    child_id: uuid.UUID
    reason: str = ""


class ReconveneDecisionIn(StrictSchema):
    decision: ReconveneDecisionCode
    reason: str = ""


class ActionCompleteIn(StrictSchema):
    completed_on: date | None = None


def _actions(rows: list[ProtectionActionIn]) -> list[dict]:
    return [{**r.model_dump(), "child_id": str(r.child_id) if r.child_id else None} for r in rows]


def _attendance(rows: list[MeetingAttendanceIn]) -> list[dict]:
    return [r.model_dump() for r in rows]


TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value.zfill(5)) if value else None


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None

