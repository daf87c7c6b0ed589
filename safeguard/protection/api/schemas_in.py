"""Request bodies of the protection API, and the small conversions from them to service arguments."""

from __future__ import annotations

from datetime import time

from ninja import Field

from safeguard.core.inputs import Input
from safeguard.protection.inputs import allocation, discussions, enquiries, meetings
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


class ConferenceRecordIn(CONFERENCE_RECORD.schema):  # type: ignore[misc,valid-type]
    """The conference's record: its definition's answers, and who attended (a row per invitee)."""

    attendance: list[MeetingAttendanceIn] = []


def _actions(rows: list[ProtectionActionIn]) -> list[dict]:
    return [{**r.model_dump(), "child_id": str(r.child_id) if r.child_id else None} for r in rows]


def _attendance(rows: list[MeetingAttendanceIn]) -> list[dict]:
    return [r.model_dump() for r in rows]


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None

