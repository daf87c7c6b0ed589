"""The professional challenge's writes, each defined once: the API's request bodies and the pages'
forms are both made from these (see `safeguard.core.inputs`), so a bad answer gets the same words
from either. The service still decides everything that needs the record (who may respond, whether the
challenge is open, who it escalates to)."""

from __future__ import annotations

import uuid

from safeguard.challenges.validation import (
    CHILD_REQUIRED,
    CONCERN_REQUIRED,
    MIN_CONCERN,
    MIN_OUTCOME,
    OUTCOME_REQUIRED,
    OWNER_REQUIRED,
    RESOLVED_REQUIRED,
    WITHDRAW_REASON_REQUIRED,
)
from safeguard.core.inputs import Choice, Input, Text, YesNo

CHALLENGE_RAISE = Input(
    "ProfessionalChallengeIn",
    child_id=Choice(label="Which child is the challenge about?", id_type=uuid.UUID, required=CHILD_REQUIRED),
    owner_id=Choice(
        label="Who is the challenge to?",
        help_text="Usually the person who made the decision",
        placeholder="Choose",
        required=OWNER_REQUIRED,
    ),
    concern=Text(
        label="What do you disagree with, and why?", required=CONCERN_REQUIRED, min_length=MIN_CONCERN, rows=5
    ),
    desired_outcome=Text(label="What outcome are you looking for? (optional)", rows=3),
)

CHALLENGE_RESPONSE = Input(
    "ProfessionalChallengeResponseIn",
    outcome=Text(label="Outcome of this stage", required=OUTCOME_REQUIRED, min_length=MIN_OUTCOME, rows=4),
    resolved=YesNo(label="Is the challenge resolved?", required=RESOLVED_REQUIRED),
)

CHALLENGE_WITHDRAW = Input(
    "ProfessionalChallengeWithdrawIn",
    reason=Text(
        label="Why is the challenge withdrawn?", required=WITHDRAW_REASON_REQUIRED, min_length=MIN_OUTCOME, rows=3
    ),
)
