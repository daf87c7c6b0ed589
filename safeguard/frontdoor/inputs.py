"""The front door's writes, each defined once: the API's request bodies and the pages' forms are both
made from these (see `safeguard.core.inputs`), so a bad answer gets the same words from either.

The contact itself (`ContactIn`, with its list of people, `ContactSubjectIn`) is defined here too: the
contact wizard's question pages and its person page are made from it, and `validation.clean_contact`
checks what the service is given against it before the rules across fields."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from safeguard.core.inputs import Choice, Code, Codes, Day, Input, Text
from safeguard.frontdoor.codes import (
    ConcernCategory,
    ConsentStatus,
    LawfulBasis,
    Outcome,
    PoliceScreeningDecision,
    Rag,
    ReferralSource,
    SubjectRole,
    TriageOutcome,
)
from safeguard.frontdoor.validation import (
    ANSWER_REQUIRED,
    CATEGORIES_REQUIRED,
    CATEGORY_UNKNOWN,
    CHALLENGE_CHILD_REQUIRED,
    CHALLENGE_CONCERN_REQUIRED,
    CONCERNS_REQUIRED,
    CONSENT_STATUS_REQUIRED,
    DECISION_OUTCOME_REQUIRED,
    DECISION_RATIONALE_REQUIRED,
    FRONT_DOOR_TEAM_INVALID,
    LAWFUL_BASIS_REQUIRED,
    MIN_REASON,
    POLICE_REFER_REQUIRED,
    RAG_REQUIRED,
    RECEIVING_TEAM_INVALID,
    REFERRAL_SOURCE_REQUIRED,
    REFERRER_AGENCY_INVALID,
    REFERRER_NAME_REQUIRED,
    RELATIONSHIP_UNKNOWN,
    REQUEST_QUESTION_REQUIRED,
    REQUEST_TEAM_REQUIRED,
    SEX_INVALID,
    SUBJECT_RECORD_INVALID,
    SUBJECT_ROLE_REQUIRED,
    TRIAGE_ACTION_REQUIRED,
    TRIAGE_DONE_REQUIRED,
    TRIAGE_DUE_REQUIRED,
    TRIAGE_INFORMATION_REQUIRED,
    TRIAGE_MINUTES_REQUIRED,
    TRIAGE_OUTCOME_REQUIRED,
    TRIAGE_OWNER_REQUIRED,
    TRIAGE_RATIONALE_REQUIRED,
    VIEW_OUTCOME_REQUIRED,
    VIEW_RATIONALE_REQUIRED,
)
from safeguard.people.codes import RelationshipType, Sex

CONTACT_SCREENING = Input(
    "ContactScreeningIn",
    rag=Code(Rag, label="RAG rating", required=RAG_REQUIRED),
    notes=Text(label="Screening notes", rows=3),
)

INFORMATION_REQUEST = Input(
    "InformationRequestIn",
    team_id=Choice(label="Which partner team do you want to ask?", required=REQUEST_TEAM_REQUIRED),
    question=Text(
        label="What do you need to know?",
        required=REQUEST_QUESTION_REQUIRED,
        min_length=MIN_REASON,
        rows=5,
        help_text="Say what you are asking and why. The partner sees the children named in the contact "
        "until they answer.",
    ),
)

INFORMATION_REQUEST_ANSWER = Input(
    "InformationRequestAnswerIn",
    answer=Text(label="What does your agency hold?", required=ANSWER_REQUIRED, rows=6, min_length=2),
)

THRESHOLD_VIEW = Input(
    "ThresholdViewIn",
    recommended_outcome=Code(
        Outcome, label="What outcome does your agency think is right?", required=VIEW_OUTCOME_REQUIRED
    ),
    rationale=Text(label="Why?", required=VIEW_RATIONALE_REQUIRED, rows=5, min_length=MIN_REASON),
)

CONTACT_DECISION = Input(
    "ContactDecisionIn",
    outcome=Code(Outcome, label="Decision", required=DECISION_OUTCOME_REQUIRED),
    rationale=Text(
        label="Reasons for the decision", required=DECISION_RATIONALE_REQUIRED, rows=5, min_length=MIN_REASON
    ),
    history_acknowledgement=Text(
        label="How have you taken the contact history into account?",
        rows=4,
        help_text="Required for no further action or advice when there have been repeated contacts",
    ),
    receiving_team_id=Choice(
        label="Which social work team takes this on?",
        placeholder="Choose for me",
        help_text="For an assessment or a strategy discussion. If you leave this, it goes to the team already "
        "working with the child, or else to the first team listed. The team's manager allocates it.",
        invalid=RECEIVING_TEAM_INVALID,
    ),
)

DECISION_CHALLENGE = Input(
    "DecisionChallengeIn",
    person_id=Choice(
        label="Which child is the challenge about?",
        id_type=uuid.UUID,
        widget="radios",
        required=CHALLENGE_CHILD_REQUIRED,
    ),
    concern=Text(label="What do you disagree with, and why?", required=CHALLENGE_CONCERN_REQUIRED, rows=5),
    desired_outcome=Text(label="What outcome do you want?", rows=3),
)

POLICE_SCREENING = Input(
    "PoliceScreeningIn",
    decision=Code(
        PoliceScreeningDecision,
        label="Does this notification need a referral to children's social care?",
        required=POLICE_REFER_REQUIRED,
    ),
    reason=Text(
        label="Reason",
        rows=4,
        help_text="Required when no referral is needed. When you refer, it is added to the contact.",
    ),
)

TRIAGE_INPUT = Input(
    "TriageInputIn",
    information=Text(
        label="What does your agency know about this household?",
        required=TRIAGE_INFORMATION_REQUIRED,
        rows=5,
        min_length=2,
    ),
)

TRIAGE_DECISION = Input(
    "TriageDecisionIn",
    outcome=Code(TriageOutcome, label="Triage decision", required=TRIAGE_OUTCOME_REQUIRED),
    rationale=Text(label="Reasons for the decision", required=TRIAGE_RATIONALE_REQUIRED, rows=4, min_length=MIN_REASON),
)

TRIAGE_ACTION = Input(
    "TriageActionIn",
    description=Text(label="What needs to be done?", max_length=500, min_length=5, required=TRIAGE_ACTION_REQUIRED),
    owner_id=Choice(label="Who will do it?", placeholder="Select a person", required=TRIAGE_OWNER_REQUIRED),
    due_on=Day(label="Due date", future=True, help_text="For example, 1 12 2026", required=TRIAGE_DUE_REQUIRED),
)

TRIAGE_ACTION_DONE = Input(
    "TriageActionDoneIn",
    what_was_done=Text(label="What was done?", required=TRIAGE_DONE_REQUIRED, rows=4, min_length=5),
)

TRIAGE_MINUTES = Input(
    "TriageMinutesIn",
    minutes=Text(label="Minutes of the meeting", required=TRIAGE_MINUTES_REQUIRED, rows=8, min_length=MIN_REASON),
)


# --- The contact itself ------------------------------------------------------------------------------
# Its top-level fields and each person's are defined once: the wizard's question pages and its person
# page are made from these, and so are `ContactIn` and its `ContactSubjectIn` items. The service checks
# a contact against the same definition (`validation.clean_contact`) and adds the rules across fields
# (consent, a name for each person, a child named, a time received not in the future).

CONTACT_SUBJECT = Input(
    "ContactSubjectIn",
    role=Code(SubjectRole, label="What is their part in the concern?", required=SUBJECT_ROLE_REQUIRED),
    given_name=Text(label="First name", max_length=100),
    family_name=Text(label="Last name", max_length=100),
    date_of_birth=Day(label="Date of birth (if known)", past=True, help_text="For example, 3 3 1980"),
    sex=Code(Sex, label="Sex", invalid=SEX_INVALID),
    nhs_number=Text(label="NHS number", max_length=12, description="10 digits; spaces are ignored"),
    address=Text(label="Address (if known)", max_length=300, rows=3),
    postcode=Text(label="Postcode (if known)", max_length=8),
    school=Text(label="School", max_length=200),
    relationship=Code(
        RelationshipType,
        label="Relationship to the child",
        placeholder="Not known",
        widget="select",
        invalid=RELATIONSHIP_UNKNOWN,
        description="What the person is to the child the concern is about; empty when not known.",
    ),
    person_id=Choice(
        label="Their record",
        id_type=uuid.UUID,
        invalid=SUBJECT_RECORD_INVALID,
        description="An existing record you may see, if you know it",
    ),
)

CONTACT = Input(
    "ContactIn",
    team_id=Choice(
        label="Front door team",
        invalid=FRONT_DOOR_TEAM_INVALID,
        description="Front door team; the partnership's front door if omitted",
    ),
    referrer_name=Text(label="Referrer's name", max_length=200, required=REFERRER_NAME_REQUIRED),
    referrer_role=Text(label="Referrer's role", max_length=200),
    referrer_agency_id=Choice(label="Referrer's agency", invalid=REFERRER_AGENCY_INVALID),
    referrer_agency_text=Text(
        label="Organisation (if not your own agency)",
        max_length=200,
        help_text="Leave empty when you are the referrer",
        description="The referrer's organisation when not a partner agency",
    ),
    referrer_phone=Text(label="Phone number", max_length=40),
    referral_source=Code(
        ReferralSource,
        label="Who is the contact from?",
        widget="select",
        placeholder="Select a source",
        required=REFERRAL_SOURCE_REQUIRED,
        description="CIN census referral source.",
    ),
    concerns=Text(label="What are the concerns?", required=CONCERNS_REQUIRED, rows=6),
    categories=Codes(
        ConcernCategory, label="Categories of concern", required=CATEGORIES_REQUIRED, invalid=CATEGORY_UNKNOWN
    ),
    consent_status=Code(
        ConsentStatus, label="Does the family know about this contact and agree?", required=CONSENT_STATUS_REQUIRED
    ),
    lawful_basis=Code(
        LawfulBasis,
        label="Lawful basis for sharing without consent",
        widget="select",
        placeholder="Select a lawful basis",
        invalid=LAWFUL_BASIS_REQUIRED,
        description="Required unless consent_status is agreed.",
    ),
    consent_reason=Text(
        label="Why are you sharing without consent?",
        rows=3,
        description="Why share without consent; required unless consent_status is agreed",
    ),
    extra={
        "received_at": (datetime | None, Field(None, description="When the contact came in; now if omitted")),
        "subjects": (list[CONTACT_SUBJECT.schema], Field(..., description="The people named; at least one child")),
    },
)
