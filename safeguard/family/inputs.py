"""Family and health writes, each defined once: the API's request bodies and the pages' forms are made
from these (see `safeguard.core.inputs`), and the services refuse in the same words."""

from __future__ import annotations

from safeguard.core.inputs import Code, Day, Flag, Input, Text, YesNo
from safeguard.family.models import MappaCategory, MappaLevel, RiskBasis
from safeguard.family.validation import (
    BIRTH_DATE_REQUIRED,
    CONCERN_REQUIRED,
    FLAG_BASIS_REQUIRED,
    FLAG_EVIDENCE_REQUIRED,
    FLAG_REVIEW_ON_REQUIRED,
    HOME_VISIT_REQUIRED,
    MAPPA_CATEGORY_REQUIRED,
    MAPPA_LEVEL_REQUIRED,
    MIN_REASON,
    REFERRAL_NEEDED_REQUIRED,
    REFERRAL_REASON_REQUIRED,
    SEX_REQUIRED,
    VISIT_DATE_REQUIRED,
)
from safeguard.people.codes import Sex


def _example(day: str) -> str:
    return f"For example, {day}"


RISK_FLAG = Input(
    "RiskFlagIn",
    basis=Code(RiskBasis, label="Basis for the flag", required=FLAG_BASIS_REQUIRED),
    mappa_category=Code(
        MappaCategory,
        label="MAPPA category (if a MAPPA nominal)",
        invalid=MAPPA_CATEGORY_REQUIRED,
        widget="select",
        placeholder="Not a MAPPA nominal",
        description="Required for a MAPPA nominal.",
    ),
    mappa_level=Code(
        MappaLevel,
        label="MAPPA level (if a MAPPA nominal)",
        invalid=MAPPA_LEVEL_REQUIRED,
        widget="select",
        placeholder="Not a MAPPA nominal",
        description="Required for a MAPPA nominal.",
    ),
    evidence=Text(
        label="Evidence",
        rows=4,
        help_text="A conviction, an order, a MAPPA referral: what, when and who holds it",
        required=FLAG_EVIDENCE_REQUIRED,
    ),
    review_on=Day(
        label="Review date", help_text=_example("27 3 2026"), future=True, required=FLAG_REVIEW_ON_REQUIRED
    ),
)

ATTENDANCE_DECISION = Input(
    "EdAttendanceDecisionIn",
    referral_needed=YesNo(label="Is a safeguarding referral needed?", required=REFERRAL_NEEDED_REQUIRED),
    reason=Text(label="Why is a referral needed, or not needed?", rows=3, required=REFERRAL_REASON_REQUIRED),
    refer_now=Flag(label="Refer to the front door now"),
    concern=Text(
        label="Your concern for the front door (if referring now)",
        rows=4,
        help_text="What you saw and heard, and what worries you about the children",
        description="Required with refer_now.",
    ),
)

SEXUAL_HEALTH_REFERRAL = Input(
    "SexualHealthReferralIn",
    concern=Text(label="Your concern for the front door", rows=4, min_length=MIN_REASON, required=CONCERN_REQUIRED),
)

PREGNANCY_VISIT = Input(
    "PregnancyVisitIn",
    visited_on=Day(
        label="Date of the visit", help_text=_example("27 3 2026"), past=True, required=VISIT_DATE_REQUIRED
    ),
    home_visit=YesNo(label="Was it a home visit?", required=HOME_VISIT_REQUIRED, default=True),
    notes=Text(label="Notes (optional)", rows=3),
)

PREGNANCY_BIRTH = Input(
    "PregnancyBirthIn",
    born_on=Day(label="Date of birth", help_text=_example("27 3 2026"), past=True, required=BIRTH_DATE_REQUIRED),
    given_name=Text(label="Baby's first name (if known)", max_length=100),
    sex=Code(Sex, label="Sex", required=SEX_REQUIRED, default=Sex.UNKNOWN.value),
)
