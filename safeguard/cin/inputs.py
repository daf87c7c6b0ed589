"""Children in need writes, each defined once: the API's request bodies and the pages' forms are made
from these (see `safeguard.core.inputs`), and the service refuses in the same words."""

from __future__ import annotations

from safeguard.cin.codes import AssessmentFactor, ClosureReason, PrimaryNeed
from safeguard.core.inputs import DATE_HELP, Code, Codes, Day, Input, Text, YesNo
from safeguard.people.codes import Disability, Ethnicity, Sex, UPNUnknown

CLOSURE_DATE_REQUIRED = "Enter the date the episode closed"
CLOSURE_REASON_REQUIRED = "Select why the episode is closing"
PLAN_START_REQUIRED = "Enter the date the plan started"
PLAN_END_REQUIRED = "Enter the date the plan ended"
FACTORS_INVALID = "Select factors from the list"
PRIMARY_NEED_INVALID = "Select the child's main need from the list"
SEX_REQUIRED = "Select the child's sex"
ETHNICITY_REQUIRED = "Select the child's ethnicity"
UPN_UNKNOWN_INVALID = "Select why the unique pupil number is not known from the list"
DISABILITIES_INVALID = "Select disabilities from the list"

CIN_ASSESSMENT = Input(
    "CinAssessmentIn",
    child_seen_on=Day(label="Date the child was seen during the assessment", help_text=DATE_HELP, past=True),
    factors=Codes(
        AssessmentFactor,
        label="Assessment factors",
        invalid=FACTORS_INVALID,
        description="CIN census assessment factors",
    ),
    authorised_on=Day(
        label="Date the manager authorised the assessment",
        help_text="Leave blank to save the findings so far. " + DATE_HELP,
        past=True,
        description="With it the assessment is complete and its task closes",
    ),
    needs_social_care_support=YesNo(
        label="Does the child need support from children's social care?",
        help_text="For example, a child in need plan. Needed when the assessment is authorised",
    ),
    primary_need=Code(
        PrimaryNeed,
        label="What is the child's main need?",
        invalid=PRIMARY_NEED_INVALID,
        widget="select",
        placeholder="Select the main need",
        help_text="Needed when the assessment is authorised",
        description="CIN census primary need; needed to authorise.",
    ),
)

CIN_EPISODE_CLOSE = Input(
    "CinEpisodeCloseIn",
    closure_reason=Code(
        ClosureReason,
        label="Why is the episode closing?",
        required=CLOSURE_REASON_REQUIRED,
        description="CIN census reason for closure.",
    ),
    closure_date=Day(label="Date the episode closed", help_text=DATE_HELP, past=True, required=CLOSURE_DATE_REQUIRED),
)

CIN_PLAN_START = Input(
    "CinPlanStartIn",
    started_on=Day(
        label="Date the child in need plan started", help_text=DATE_HELP, past=True, required=PLAN_START_REQUIRED
    ),
)

CIN_PLAN_END = Input(
    "CinPlanEndIn",
    ended_on=Day(label="Date the child in need plan ended", help_text=DATE_HELP, past=True, required=PLAN_END_REQUIRED),
)

CIN_CHARACTERISTICS = Input(
    "CinCharacteristicsIn",
    upn=Text(
        label="Unique pupil number (UPN)",
        max_length=20,
        help_text="13 characters: a letter, 11 numbers, then a number or letter. From the child's school",
        description="Unique pupil number with its check letter, or '' with upn_unknown",
    ),
    upn_unknown=Code(
        UPNUnknown,
        label="If the unique pupil number is not known, why not?",
        invalid=UPN_UNKNOWN_INVALID,
        widget="select",
        placeholder="Not applicable: the UPN is given above",
        description="When the UPN is not known.",
    ),
    sex=Code(Sex, label="Sex", required=SEX_REQUIRED),
    gender=Text(
        label="Gender identity (optional)", max_length=60, help_text="In the child's own words, if they have told you"
    ),
    ethnicity=Code(Ethnicity, label="Ethnicity", required=ETHNICITY_REQUIRED, widget="select"),
    disabilities=Codes(
        Disability,
        label="Disabilities",
        invalid=DISABILITIES_INVALID,
        help_text="Select all that apply. Leave all unticked if the child has no disability",
        description="Census codes; [] for none.",
    ),
    expected_birth_date=Day(
        label="Expected date of birth (unborn children only)", help_text=DATE_HELP, description="Unborn children only"
    ),
)
