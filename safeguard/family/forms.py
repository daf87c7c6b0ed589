"""Forms for the family diagram and health pages. They check shape; the services check the rules."""

from django import forms

from safeguard.family import inputs
from safeguard.family.validation import (
    FACTOR_LABELS,
    FLAG_ACTION_REQUIRED,
    FLAG_END_REASON_REQUIRED,
    GP_PRACTICE_REQUIRED,
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


class EcomapLinkForm(inputs.ECOMAP_LINK.form(exclude=("agency_id",))):
    """The label, quality and note come from the write's definition; the agency is chosen from the
    agencies on the ecomap (the API takes its id)."""

    agency = forms.ChoiceField(label="Agency", required=False)
    field_order = ["agency", "label", "quality", "note"]

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Not listed")] + [(a.agency_id, a.name) for a in agencies]


class HealthLookupForm(inputs.HEALTH_LOOKUP.form(exclude=("postcode",))):
    pass


SubjectFields = inputs.SEXUAL_HEALTH_ASSESSMENT.form("SubjectFields", only=inputs.SUBJECT_FIELDS[:-1])


class AdultAttendanceForm(inputs.ADULT_ATTENDANCE.form(exclude=("postcode",))):
    pass


class AttendanceDecisionForm(inputs.ATTENDANCE_DECISION.form()):
    pass


class PregnancyForm(inputs.PREGNANCY.form(exclude=("gp_practice_id",))):
    """The mother is the page's; the GP practice is chosen from the practices listed (the API takes its id)."""

    gp_practice = forms.ChoiceField(label="Mother's GP practice", error_messages={"required": GP_PRACTICE_REQUIRED})
    field_order = ["expected_birth_date", "vulnerabilities", "gp_practice", "notes"]

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


class SexualHealthAssessmentForm(
    inputs.SEXUAL_HEALTH_ASSESSMENT.form(exclude=("postcode",)),
    inputs.SEXUAL_HEALTH_SCORES.form(),
):
    """The young person, the date and notes from the assessment's definition, the five scores from
    the scores' definition (the API sends them as one `scores` object)."""

    field_order = [*inputs.SUBJECT_FIELDS[:-1], "attended_on", *FACTOR_LABELS, "notes"]


class ReferralForm(inputs.SEXUAL_HEALTH_REFERRAL.form()):
    pass


class RiskLinkReviewForm(forms.Form):
    what_was_done = forms.CharField(
        label="What have you done to keep the child safe?",
        help_text="For example, seen the child, spoken to the parent, agreed a safety plan, or why nothing is needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": FLAG_ACTION_REQUIRED},
    )
