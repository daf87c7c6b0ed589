"""Forms for the family diagram and health pages. They check shape; the services check the rules."""

from django import forms

from safeguard.family import inputs
from safeguard.family.validation import (
    FACTOR_LABELS,
    GP_PRACTICE_REQUIRED,
)
from safeguard.people import inputs as people_inputs

MEMBER_DETAILS = ("given_name", "family_name", "sex", "date_of_birth", "date_of_death")
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


class FamilyMemberForm(people_inputs.PERSON.form(only=MEMBER_DETAILS)):
    """The member's details are a new person's (the API's `POST /people`); how they are related is this page's."""

    relation = forms.ChoiceField(
        label="How are they related to the child?",
        choices=MEMBER_RELATIONS,
        error_messages={"required": "Select how they are related to the child"},
    )


class LinkForm(people_inputs.RELATIONSHIP.form(only=("from_person_id", "relationship_type", "to_person_id"))):
    """A relationship between two people on the diagram, as the API's `POST /relationships` records it."""

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a person")] + [(p.id, p.name) for p in people]
        self.fields["from_person_id"].choices = choices
        self.fields["to_person_id"].choices = choices


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


class RiskFlagEndForm(inputs.RISK_FLAG_END.form()):
    pass


class SexualHealthAssessmentForm(
    inputs.SEXUAL_HEALTH_ASSESSMENT.form(exclude=("postcode",)),
    inputs.SEXUAL_HEALTH_SCORES.form(),
):
    """The young person, the date and notes from the assessment's definition, the five scores from
    the scores' definition (the API sends them as one `scores` object)."""

    field_order = [*inputs.SUBJECT_FIELDS[:-1], "attended_on", *FACTOR_LABELS, "notes"]


class ReferralForm(inputs.SEXUAL_HEALTH_REFERRAL.form()):
    pass


class RiskLinkReviewForm(inputs.RISK_LINK_REVIEW.form()):
    pass
