"""A section 47 enquiry's writes, each defined once: recording its findings (and, when complete,
its outcome) and concluding it. The API's request bodies and the page's form are made from these
(see `safeguard.core.inputs`); the service still decides what completing needs and the dates'
order against the strategy discussion."""

from __future__ import annotations

from django.db import models

from safeguard.core.inputs import Code, Day, Flag, Input, Text
from safeguard.protection.inputs.discussions import Decided
from safeguard.protection.inputs.meetings import DATE_HELP
from safeguard.protection.models import Section47Enquiry
from safeguard.protection.validation import ENQUIRY_STARTED_ON_REQUIRED, MIN_REASON

SUBSTANTIATED_REQUIRED = "Say whether the concerns were substantiated"
ICPC_NEEDED_REQUIRED = "Say whether an initial child protection conference is needed"
NEXT_STEP_REQUIRED = "Choose a child in need plan or no further action"
OUTCOME_REQUIRED = "Choose the outcome of the enquiry"
OUTCOME_REASON_REQUIRED = "Give the reasons for the outcome"


class NextStep(models.TextChoices):
    """What follows when no conference is needed (two of the enquiry's outcomes)."""

    CIN = Section47Enquiry.Outcome.CIN.value, "A child in need plan"
    NFA = Section47Enquiry.Outcome.NFA.value, "No further action"


class EnquiryOutcome(models.TextChoices):
    """The enquiry's outcomes (without "not yet concluded")."""

    ICPC = Section47Enquiry.Outcome.ICPC.value, Section47Enquiry.Outcome.ICPC.label
    CIN = Section47Enquiry.Outcome.CIN.value, Section47Enquiry.Outcome.CIN.label
    NFA = Section47Enquiry.Outcome.NFA.value, Section47Enquiry.Outcome.NFA.label


SECTION47_RECORD = Input(
    "Section47RecordIn",
    complete=Flag(label="Complete the enquiry", description="With it, the outcome is recorded and the enquiry closes"),
    started_on=Day(
        label="Date the enquiry started", help_text=DATE_HELP, required=ENQUIRY_STARTED_ON_REQUIRED, past=True
    ),
    social_worker_findings=Text(label="The social worker's findings", rows=5),
    police_findings=Text(label="The police officer's findings", help_text="Needed for a joint enquiry", rows=5),
    concerns_substantiated=Code(Decided, label="Were the concerns substantiated?", invalid=SUBSTANTIATED_REQUIRED),
    icpc_needed=Code(
        Decided, label="Is an initial child protection conference needed?", invalid=ICPC_NEEDED_REQUIRED
    ),
    next_step=Code(NextStep, label="If no conference is needed, what next?", invalid=NEXT_STEP_REQUIRED),
    outcome_reason=Text(label="Reasons for the outcome", rows=4),
    concluded_on=Day(label="Date the enquiry was completed", help_text=DATE_HELP, past=True),
)

ENQUIRY_CONCLUDE = Input(
    "EnquiryConcludeIn",
    outcome=Code(EnquiryOutcome, label="Outcome of the enquiry", required=OUTCOME_REQUIRED),
    reason=Text(label="Reasons for the outcome", required=OUTCOME_REASON_REQUIRED, min_length=MIN_REASON, rows=4),
    concluded_on=Day(
        label="Date the enquiry was completed", help_text="Leave out for today", past=True,
    ),
)  # fmt: skip
