"""The child protection plan's writes, each defined once: its outcomes, core groups, statutory visits
and written agreements. The API's request bodies and the pages' forms are both made from these, so a
bad answer gets the same words from either; the services decide the rest (the plan is active, a core
group is not dated before the plan started, an agreement says enough to be agreed) in these words."""

from __future__ import annotations

import uuid

from pydantic import Field

from safeguard.core.inputs import Day, Input, Text, YesNo
from safeguard.protection.inputs.actions import DATE_HELP, PROTECTION_ACTION
from safeguard.protection.validation import CORE_GROUP_HELD_ON_REQUIRED

OUTCOME_DESCRIPTION_REQUIRED = "Describe the outcome for the child"
OUTCOME_MIN_CHARS = 5
VISIT_DATE_REQUIRED = "Enter the date of the visit"
VISIT_SEEN_ALONE_REQUIRED = "Say whether the child was seen alone"
AGREEMENT_PARTIES_REQUIRED = "Say who is making this agreement"
AGREEMENT_BODY_REQUIRED = "Write what everyone is agreeing to"

PLAN_OUTCOME = Input(
    "PlanOutcomeIn",
    description=Text(
        label="Outcome for the child",
        help_text="What will be different for the child, in words the family understands",
        rows=3,
        required=OUTCOME_DESCRIPTION_REQUIRED,
        min_length=OUTCOME_MIN_CHARS,
    ),
    extra={
        "actions": (
            list[PROTECTION_ACTION.schema],  # type: ignore[name-defined]
            Field(default_factory=list, description="At least one; each with its measure of success"),
        )
    },
)

CORE_GROUP = Input(
    "CoreGroupIn",
    held_on=Day(label="Date the core group met", help_text=DATE_HELP, past=True, required=CORE_GROUP_HELD_ON_REQUIRED),
    notes=Text(label="Progress against the plan", rows=5),
    extra={
        "core_group_id": (
            uuid.UUID | None,
            Field(None, description="The core group arranged earlier; leave out for one not arranged here"),
        )
    },
)

PLAN_VISIT = Input(
    "PlanVisitIn",
    visited_on=Day(label="Date of the visit", help_text=DATE_HELP, past=True, required=VISIT_DATE_REQUIRED),
    # The API may leave it out (not seen alone, as before); the page always asks, with nothing chosen.
    seen_alone=YesNo(label="Was the child seen alone?", required=VISIT_SEEN_ALONE_REQUIRED, default=False),
)

AGREEMENT_PARTIES = Text(
    label="Who is making this agreement?",
    max_length=300,
    required=AGREEMENT_PARTIES_REQUIRED,
    help_text="For example, Alice Fictional (mum)",
)
AGREEMENT_BODY = Text(
    label="What we agree",
    rows=10,
    required=AGREEMENT_BODY_REQUIRED,
    help_text="Use short sentences and everyday words. Say who will do what, and when.",
)
AGREEMENT_IF_NOT_KEPT = Text(
    label="What happens if the agreement is not kept",
    rows=4,
    description="Needed before the agreement can be agreed",
)

AGREEMENT = Input(
    "AgreementIn",
    parties=AGREEMENT_PARTIES,
    body=AGREEMENT_BODY,
    if_not_kept=AGREEMENT_IF_NOT_KEPT,
    extra={
        "child_id": (uuid.UUID, Field(..., description="The child the agreement is about")),
        "plan_id": (uuid.UUID | None, Field(None, description="The child's plan, when there is one")),
    },
)

AGREEMENT_UPDATE = Input(
    "AgreementUpdateIn", parties=AGREEMENT_PARTIES, body=AGREEMENT_BODY, if_not_kept=AGREEMENT_IF_NOT_KEPT
)
