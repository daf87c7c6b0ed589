"""Forms for the family diagram and health pages. They check shape; the services check the rules."""

from django import forms

from safeguard.family import inputs
from safeguard.family.models import (
    HealthSetting,
    LinkQuality,
    Vulnerability,
)
from safeguard.family.validation import (
    EXPECTED_BIRTH_REQUIRED,
    FLAG_ACTION_REQUIRED,
    FLAG_END_REASON_REQUIRED,
    GP_PRACTICE_REQUIRED,
    LINK_STRENGTH_REQUIRED,
    VULNERABILITY_REQUIRED,
)
from safeguard.people.codes import RelationshipType, Sex
from safeguard.web.dates import DateInputField

DATE_HINT = "For example, 27 3 1980"
# (value, how the new person relates to the child): "<type>:from" means new person is <type> of child.
MEMBER_RELATIONS = [
    ("parent:from", "Parent"),
    ("step_parent:from", "Step-parent"),
    ("partner_of_parent:from", "Partner of a parent"),
    ("grandparent:from", "Grandparent"),
    ("sibling:from", "Brother or sister"),
    ("half_sibling:from", "Half-brother or half-sister"),
    ("other_relative:from", "Other relative"),
    ("carer:from", "Carer"),
    ("parent:to", "Child (the child is their parent)"),
]


class FamilyMemberForm(forms.Form):
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    date_of_birth = DateInputField(label="Date of birth (if known)", required=False, past=True, help_text=DATE_HINT)
    date_of_death = DateInputField(
        label="Date of death (if they have died)", required=False, past=True, help_text="For example, 27 3 2019"
    )
    relation = forms.ChoiceField(
        label="How are they related to the child?",
        choices=MEMBER_RELATIONS,
        error_messages={"required": "Select how they are related to the child"},
    )


class LinkForm(forms.Form):
    from_person = forms.ChoiceField(label="Person", error_messages={"required": "Select the first person"})
    relationship_type = forms.ChoiceField(
        label="is the",
        choices=[(v, label) for v, label in RelationshipType.choices],
        error_messages={"required": "Select the relationship"},
    )
    to_person = forms.ChoiceField(label="of", error_messages={"required": "Select the second person"})

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a person")] + [(p.id, p.name) for p in people]
        self.fields["from_person"].choices = choices
        self.fields["to_person"].choices = choices


class EcomapLinkForm(forms.Form):
    agency = forms.ChoiceField(label="Agency", required=False)
    label = forms.CharField(label="Or a service, school or professional not listed", required=False, max_length=200)
    quality = forms.ChoiceField(
        label="How is the link?",
        choices=LinkQuality.choices,
        widget=forms.RadioSelect,
        error_messages={"required": LINK_STRENGTH_REQUIRED},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Not listed")] + [(a.agency_id, a.name) for a in agencies]


class HealthLookupForm(forms.Form):
    setting = forms.ChoiceField(
        label="Your setting", choices=HealthSetting.choices, error_messages={"required": "Select your setting"}
    )
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=12, help_text="10 digits")
    given_name = forms.CharField(label="First name", required=False, max_length=100)
    family_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = DateInputField(label="Date of birth", required=False, past=True, help_text="For example, 27 3 2015")


YES_NO = [("yes", "Yes"), ("no", "No")]


def _date(label, example="27 3 2026", required=False, required_message="", **bounds):
    return DateInputField(
        label=label, required=required, help_text=f"For example, {example}", required_message=required_message, **bounds
    )


class SubjectFields(forms.Form):
    """How a health setting identifies someone: NHS number, or name and date of birth."""

    nhs_number = forms.CharField(label="NHS number", required=False, max_length=12, help_text="10 digits")
    given_name = forms.CharField(label="First name", required=False, max_length=100)
    family_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = _date("Date of birth", "27 3 1990", past=True)


class AdultAttendanceForm(SubjectFields):
    setting = forms.ChoiceField(
        label="Your setting",
        choices=[("", "Choose your setting")] + list(HealthSetting.choices),
        error_messages={"required": "Select your setting"},
    )
    attended_on = _date("Date of attendance (leave blank for today)", past=True)
    presenting_reason = forms.CharField(label="Reason for attendance (optional)", required=False, max_length=300)

    field_order = [
        "setting",
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "attended_on",
        "presenting_reason",
    ]


class AttendanceDecisionForm(inputs.ATTENDANCE_DECISION.form()):
    pass


class PregnancyForm(forms.Form):
    expected_birth_date = _date(
        "Expected date of birth", required=True, required_message=EXPECTED_BIRTH_REQUIRED, future=True
    )
    vulnerabilities = forms.MultipleChoiceField(
        label="Additional vulnerabilities",
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": VULNERABILITY_REQUIRED},
    )
    gp_practice = forms.ChoiceField(
        label="Mother's GP practice", error_messages={"required": GP_PRACTICE_REQUIRED}
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gp_practice"].choices = [("", "Choose a GP practice")] + [(p.pk, p.name) for p in practices]


class AntenatalVisitForm(inputs.PREGNANCY_VISIT.form()):
    pass


class BirthForm(inputs.PREGNANCY_BIRTH.form()):
    pass


class RiskFlagForm(inputs.RISK_FLAG.form()):
    pass


class RiskFlagEndForm(forms.Form):
    reason = forms.CharField(
        label="Why is the flag ending?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the order has expired, or the review found no continuing risk",
        error_messages={"required": FLAG_END_REASON_REQUIRED},
    )


SCORE_CHOICES = [("0", "0 – no concern"), ("1", "1 – some concern"), ("2", "2 – significant concern")]
FACTOR_LABELS = {
    "exploitation": "Signs of sexual exploitation",
    "age_gap": "Age gap with a partner",
    "coercion": "Coercion or control",
    "substance_use": "Alcohol or drug use",
    "going_missing": "Going missing",
}


class SexualHealthAssessmentForm(SubjectFields):
    attended_on = _date("Date of attendance (leave blank for today)", past=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for factor, label in FACTOR_LABELS.items():
            self.fields[factor] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Score {label.lower()}: 0, 1 or 2"},
            )
        self.fields["notes"] = forms.CharField(
            label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )


class ReferralForm(inputs.SEXUAL_HEALTH_REFERRAL.form()):
    pass


class RiskLinkReviewForm(forms.Form):
    what_was_done = forms.CharField(
        label="What have you done to keep the child safe?",
        help_text="For example, seen the child, spoken to the parent, agreed a safety plan, or why nothing is needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": FLAG_ACTION_REQUIRED},
    )
