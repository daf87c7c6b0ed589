"""The front door's writes, each defined once: the API's request bodies and the pages' forms are both
made from these (see `safeguard.core.inputs`), so a bad answer gets the same words from either.

The contact itself (`ContactIn`, with its list of people) is still checked by `validation.clean_contact`,
shared by the API, the intake wizard and imports."""

from __future__ import annotations

import uuid

from safeguard.core.inputs import Choice, Code, Day, Input, Text
from safeguard.frontdoor.codes import Outcome, PoliceScreeningDecision, Rag, TriageOutcome
from safeguard.frontdoor.validation import (
    ANSWER_REQUIRED,
    CHALLENGE_CHILD_REQUIRED,
    CHALLENGE_CONCERN_REQUIRED,
    DECISION_OUTCOME_REQUIRED,
    DECISION_RATIONALE_REQUIRED,
    MIN_REASON,
    POLICE_REFER_REQUIRED,
    RAG_REQUIRED,
    RECEIVING_TEAM_INVALID,
    REQUEST_QUESTION_REQUIRED,
    REQUEST_TEAM_REQUIRED,
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
