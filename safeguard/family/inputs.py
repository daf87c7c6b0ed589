"""Family and health writes, each defined once: the API's request bodies and the pages' forms are made
from these (see `safeguard.core.inputs`), and the services refuse in the same words."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from pydantic import Field
from pydantic_core import PydanticCustomError

from safeguard.core.inputs import DATE_HELP, ERROR_TYPE, Choice, Code, Codes, Day, Flag, Input, Spec, Text, YesNo
from safeguard.family.models import HealthSetting, LinkQuality, MappaCategory, MappaLevel, RiskBasis, Vulnerability
from safeguard.family.validation import (
    AGENCY_INVALID,
    ATTENDED_ON,
    BIRTH_DATE_REQUIRED,
    CONCERN_REQUIRED,
    EXPECTED_BIRTH,
    EXPECTED_BIRTH_REQUIRED,
    FACTOR_LABELS,
    FLAG_ACTION_REQUIRED,
    FLAG_BASIS_REQUIRED,
    FLAG_END_REASON_REQUIRED,
    FLAG_EVIDENCE_REQUIRED,
    FLAG_REVIEW_ON_REQUIRED,
    GP_PRACTICE_REQUIRED,
    HOME_VISIT_REQUIRED,
    LINK_STRENGTH_REQUIRED,
    MAPPA_CATEGORY_REQUIRED,
    MAPPA_LEVEL_REQUIRED,
    MIN_REASON,
    REFERRAL_NEEDED_REQUIRED,
    REFERRAL_REASON_REQUIRED,
    SETTING_REQUIRED,
    SEX_REQUIRED,
    VISIT_DATE_REQUIRED,
    VULNERABILITY_INVALID,
    VULNERABILITY_REQUIRED,
    score_required,
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
        label="Review date", help_text=DATE_HELP, future=True, required=FLAG_REVIEW_ON_REQUIRED
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
        label="Date of the visit", help_text=DATE_HELP, past=True, required=VISIT_DATE_REQUIRED
    ),
    home_visit=YesNo(label="Was it a home visit?", required=HOME_VISIT_REQUIRED, default=True),
    notes=Text(label="Notes (optional)", rows=3),
)

PREGNANCY_BIRTH = Input(
    "PregnancyBirthIn",
    born_on=Day(label="Date of birth", help_text=DATE_HELP, past=True, required=BIRTH_DATE_REQUIRED),
    given_name=Text(label="Baby's first name (if known)", max_length=100),
    sex=Code(Sex, label="Sex", required=SEX_REQUIRED, default=Sex.UNKNOWN.value),
)


# --- health settings ---------------------------------------------------------------------------


def _subject(born_example: str) -> dict[str, Spec]:
    """How a health setting names the person it asks about: an NHS number, or name and date of birth
    (which of them is enough is the service's rule). The pages leave out the postcode."""
    return {
        "nhs_number": Text(label="NHS number", max_length=12, help_text="10 digits"),
        "given_name": Text(label="First name", max_length=100),
        "family_name": Text(label="Last name", max_length=100),
        "date_of_birth": Day(label="Date of birth", past=True, help_text=_example(born_example)),
        "postcode": Text(label="Postcode", max_length=10),
    }


SUBJECT_FIELDS = ("nhs_number", "given_name", "family_name", "date_of_birth", "postcode")


def _setting(**kw) -> Code:
    return Code(HealthSetting, label="Your setting", required=SETTING_REQUIRED, widget="select", **kw)


def _attended_on() -> Day:
    return Day(
        label="Date of attendance (leave blank for today)", what=ATTENDED_ON, past=True, help_text=DATE_HELP
    )


HEALTH_LOOKUP = Input("HealthLookupIn", setting=_setting(placeholder="Choose your setting"), **_subject("27 3 2015"))

ADULT_ATTENDANCE = Input(
    "EdAttendanceIn",
    setting=_setting(placeholder="Choose your setting"),
    **_subject("27 3 1990"),
    attended_on=_attended_on(),
    presenting_reason=Text(label="Reason for attendance (optional)", max_length=300),
)

SCORES = [("0", "0 – no concern"), ("1", "1 – some concern"), ("2", "2 – significant concern")]


class Score(Spec):
    """One factor of the sexual health risk assessment: radios 0, 1 or 2 on the page, an integer in the API."""

    python_type = int
    empty = None
    nullable = True

    @property
    def invalid_message(self) -> str:
        return self.required_message

    def form_field(self) -> forms.Field:
        messages = {"required": self.required_message, "invalid_choice": self.invalid_message}
        return forms.TypedChoiceField(
            **self._form_kwargs(), choices=SCORES, coerce=int, widget=forms.RadioSelect, error_messages=messages
        )

    def parse(self, value: Any, handler) -> Any:
        if isinstance(value, bool) or value not in (0, 1, 2):
            raise PydanticCustomError(ERROR_TYPE, self.invalid_message)
        return value

    def json_schema(self) -> dict:
        described = "0 no concern, 1 some concern, 2 significant concern"
        return {"type": "integer", "enum": [0, 1, 2], "description": described}


SEXUAL_HEALTH_SCORES = Input(
    "SexualHealthScoresIn",
    **{factor: Score(label=label, required=score_required(factor)) for factor, label in FACTOR_LABELS.items()},
)

SEXUAL_HEALTH_ASSESSMENT = Input(
    "SexualHealthAssessmentIn",
    extra={"scores": (SEXUAL_HEALTH_SCORES.schema, Field(...))},
    **_subject("27 3 2010"),
    attended_on=_attended_on(),
    notes=Text(label="Notes (optional)", rows=3),
)

# --- pregnancy ---------------------------------------------------------------------------------

PREGNANCY = Input(
    "PregnancyIn",
    extra={"mother_id": (uuid.UUID, Field(...))},
    expected_birth_date=Day(
        label="Expected date of birth",
        what=EXPECTED_BIRTH,
        help_text=DATE_HELP,
        future=True,
        required=EXPECTED_BIRTH_REQUIRED,
    ),
    vulnerabilities=Codes(
        Vulnerability,
        label="Additional vulnerabilities",
        help_text="Select all that apply",
        required=VULNERABILITY_REQUIRED,
        invalid=VULNERABILITY_INVALID,
    ),
    gp_practice_id=Choice(label="Mother's GP practice", required=GP_PRACTICE_REQUIRED),
    notes=Text(label="Notes (optional)", rows=3),
)

# --- ecomap ------------------------------------------------------------------------------------

ECOMAP_LINK = Input(
    "EcomapLinkIn",
    agency_id=Choice(label="Agency", invalid=AGENCY_INVALID),
    label=Text(label="Or a service, school or professional not listed", max_length=200),
    quality=Code(LinkQuality, label="How is the link?", required=LINK_STRENGTH_REQUIRED),
    note=Text(label="Note (optional)", max_length=300),
)

# --- risk: ending a flag, reviewing a linked child, contact arrangements --------------------------

# Ending a flag and reviewing a linked child are page-only writes (no API operation yet).
RISK_FLAG_END = Input(
    "RiskFlagEndIn",
    reason=Text(
        label="Why is the flag ending?",
        rows=3,
        help_text="For example, the order has expired, or the review found no continuing risk",
        required=FLAG_END_REASON_REQUIRED,
    ),
)

RISK_LINK_REVIEW = Input(
    "RiskLinkReviewIn",
    what_was_done=Text(
        label="What have you done to keep the child safe?",
        rows=4,
        help_text="For example, seen the child, spoken to the parent, agreed a safety plan, or why nothing is needed",
        required=FLAG_ACTION_REQUIRED,
    ),
)

# An API-only write (no page records contact arrangements yet).
CONTACT_ARRANGEMENT = Input(
    "ContactArrangementIn",
    adult_id=Choice(id_type=uuid.UUID, label="Adult", required="Select the adult"),
    child_id=Choice(id_type=uuid.UUID, label="Child", required="Select the child"),
    frequency=Text(label="How often (optional)", max_length=100),
    supervised=Flag(label="Supervised"),
    starts_on=Day(label="Start date (if known)"),
)
