"""Forms for the family diagram and health pages. They check shape; the services check the rules."""

from django import forms

from safeguard.family.models import HealthSetting, LinkQuality
from safeguard.people.codes import RelationshipType, Sex

DATE_HINT = "For example, 1980-03-27"
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
    date_of_birth = forms.DateField(
        label="Date of birth (if known)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Date of birth must be a real date, like 1980-03-27"},
    )
    date_of_death = forms.DateField(
        label="Date of death (if they have died)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Date of death must be a real date, like 2019-03-27"},
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
        error_messages={"required": "Select how strong or stressful the link is"},
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
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 2015-03-27",
        error_messages={"invalid": "Date of birth must be a real date, like 2015-03-27"},
    )
