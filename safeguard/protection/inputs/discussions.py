"""A strategy discussion's writes, each defined once: proposing it, changing its concerns, its
invitees, recording it and the decisions about other children. The API's request bodies and the
pages' forms are made from these (see `safeguard.core.inputs`); the services still decide what
depends on the record (which decisions the section 47 answer calls for, who is an invitee)."""

from __future__ import annotations

import uuid

from django.db import models
from pydantic import Field

from safeguard.agencies.roles import AgencyType
from safeguard.core.inputs import Choice, Code, Day, Flag, Input, Spec, Text, YesNo
from safeguard.protection.inputs.meetings import DATE_HELP
from safeguard.protection.models import Attendance, Section47Decision, SiblingDecision
from safeguard.protection.validation import DISCUSSION_HELD_ON_REQUIRED, MIN_REASON, SIBLING_DECISION_REQUIRED

CHILDREN_REQUIRED = "Choose at least one child"
PEOPLE_INVALID = "Give people by the ids of their records"
DISCUSSION_REASON_REQUIRED = "Say why there is reasonable cause to suspect significant harm"
INVITEE_LABEL_REQUIRED = "Enter who is being invited, such as the agency or role"
AGENCY_TYPE_REQUIRED = "Choose the type of agency"
PRACTITIONER_REQUIRED = "Choose a practitioner from the directory"
INVITEE_REQUIRED = "Choose an invitee of this meeting"
ATTENDANCE_REQUIRED = "Choose present, sent information or absent"
INFORMATION_SHARED_REQUIRED = "Summarise the information each agency shared"
SECTION_47_REQUIRED = "Choose whether there will be a section 47 enquiry, single agency or joint with police"
SIBLING_REASON_REQUIRED = "Give the reason for this decision"


class Decided(models.TextChoices):
    """A decision recorded either way (`ConsideredDecision` without its "not yet decided")."""

    YES = "yes", "Yes"
    NO = "no", "No"


class AttendanceAnswer(models.TextChoices):
    """Who came (`Attendance` without "invited", which is what every invitee starts as)."""

    PRESENT = Attendance.PRESENT.value, Attendance.PRESENT.label
    SENT_INFORMATION = Attendance.SENT_INFORMATION.value, Attendance.SENT_INFORMATION.label
    ABSENT = Attendance.ABSENT.value, Attendance.ABSENT.label


class PersonIds(Spec):
    """People named by the ids of their records (a JSON array); the service checks each may be seen.
    `nullable`: null (or leaving it out) means "no change" rather than "nobody"."""

    python_type = list[uuid.UUID]

    def __init__(self, *, nullable: bool = False, invalid: str = PEOPLE_INVALID, **kw):
        super().__init__(**kw)
        self.nullable = nullable
        self.empty = None if nullable else []
        self._invalid = invalid

    @property
    def invalid_message(self) -> str:
        return self._invalid

    def is_empty(self, value) -> bool:
        return value is None or value == []

    def _validate(self, value, handler):
        if value == [] and self.nullable:
            return []  # an empty list is an answer: nobody
        return super()._validate(value, handler)

    def field_info(self):
        if self.required:
            return Field(..., description=self.description or None)
        return Field(None if self.nullable else [], description=self.description or None)

    def json_schema(self) -> dict:
        schema: dict = {"type": "array", "items": {"type": "string", "format": "uuid"}}
        if self.required:
            schema["minItems"] = 1
        if self.nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        if self.description:
            schema["description"] = self.description
        return schema


DISCUSSION_PROPOSE = Input(
    "DiscussionProposeIn",
    child_ids=PersonIds(label="Children", required=CHILDREN_REQUIRED),
    reason=Text(
        label="Why is there reasonable cause to suspect significant harm?", required=DISCUSSION_REASON_REQUIRED,
        min_length=MIN_REASON, rows=5,
    ),
    sexual_abuse_suspected=Flag(label="Sexual abuse is suspected"),
    non_recent_abuse=Flag(label="The abuse is non-recent"),
    harmful_sexual_behaviour_child_ids=PersonIds(
        label="Children showing harmful sexual behaviour", description="Some of child_ids"
    ),
    alleged_perpetrator_ids=PersonIds(label="Alleged perpetrators"),
)  # fmt: skip

DISCUSSION_PATCH = Input(
    "DiscussionPatch",
    sexual_abuse_suspected=YesNo(label="Sexual abuse is suspected", description="Left out or null: unchanged"),
    non_recent_abuse=YesNo(label="The abuse is non-recent", description="Left out or null: unchanged"),
    harmful_sexual_behaviour_child_ids=PersonIds(
        label="Children showing harmful sexual behaviour", nullable=True,
        description="The discussion's children showing it; left out or null: unchanged",
    ),
    alleged_perpetrator_ids=PersonIds(
        label="Alleged perpetrators", nullable=True, description="Left out or null: unchanged"
    ),
)  # fmt: skip

DISCUSSION_INVITATION = Input(
    "DiscussionInvitationIn",
    label=Text(label="Who is being invited?", required=INVITEE_LABEL_REQUIRED, max_length=200),
    agency_type=Code(AgencyType, label="Type of agency", required=AGENCY_TYPE_REQUIRED, widget="select"),
    practitioner_id=Choice(label="Practitioner, if you know who", description="From the directory"),
    why=Text(label="Why are they invited?", max_length=300),
)

INVITATION_REMOVE = Input(
    "InvitationRemoveIn",
    reason=Text(
        label="Why is this agency not needed?", rows=2, max_length=2000,
        help_text="Needed for an agency the invitation rules proposed",
    ),
)  # fmt: skip

INVITATION_NAME = Input(
    "InvitationNameIn",
    practitioner_id=Choice(label="Practitioner", required=PRACTITIONER_REQUIRED, description="From the directory"),
)

MEETING_ATTENDANCE = Input(
    "MeetingAttendanceIn",
    invitation_id=Choice(label="Invitee", required=INVITEE_REQUIRED),
    attendance=Code(AttendanceAnswer, label="Attendance", required=ATTENDANCE_REQUIRED),
    information=Text(label="Information they shared"),
)

# Its API body adds the rows (who attended, the actions agreed): api.schemas_in.DiscussionRecordIn.
DISCUSSION_RECORD = Input(
    "DiscussionRecordIn",
    held_on=Day(label="Date held", help_text=DATE_HELP, required=DISCUSSION_HELD_ON_REQUIRED, past=True),
    information_shared=Text(
        label="Information shared by each agency", required=INFORMATION_SHARED_REQUIRED, rows=10
    ),
    section_47=Code(Section47Decision, label="Section 47 decision", required=SECTION_47_REQUIRED),
    section_47_reason=Text(label="Reasons for the section 47 decision", rows=3),
    abe_interview_planned=Code(Decided, label="Is an achieving best evidence interview planned?"),
    abe_police_investigator=Text(label="Police investigator", max_length=200),
    abe_social_worker_role=Text(label="The social worker's role in the interview", rows=2),
    medical_examination=Code(Decided, label="Will there be a medical examination?"),
    medical_examination_reason=Text(label="Reason (either way)", rows=2),
    psas_referral=Code(
        Decided, label="Referral to the paediatric sexual assault service (including non-recent abuse)?"
    ),
    psas_referral_reason=Text(label="Reason (either way)", rows=2),
)

SIBLING_DECISION = Input(
    "SiblingDecisionIn",
    extra={"other_child_id": (uuid.UUID, Field(..., description="Another child linked to the same adults"))},
    decision=Code(SiblingDecision.Decision, label="Decision", required=SIBLING_DECISION_REQUIRED),
    reason=Text(label="Reason", rows=2, max_length=2000, required=SIBLING_REASON_REQUIRED, min_length=MIN_REASON),
)
