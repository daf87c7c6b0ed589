"""Forms for the front door pages. They check shape; the services check the rules. The forms of single
writes come from `frontdoor.inputs`, the definitions the API's request bodies are made from too."""

from __future__ import annotations

from django import forms

from safeguard.frontdoor import inputs
from safeguard.frontdoor.codes import (
    ConcernCategory,
    ConsentStatus,
    LawfulBasis,
    PoliceScreeningDecision,
    ReferralSource,
    SubjectRole,
)
from safeguard.frontdoor.validation import (
    CATEGORIES_REQUIRED,
    CONCERNS_REQUIRED,
    PERSON_NAME_REQUIRED,
    POLICE_REASON_REQUIRED,
    REFERRER_NAME_REQUIRED,
    SUBJECT_ROLE_REQUIRED,
)
from safeguard.people.codes import RelationshipType
from safeguard.web.dates import DateInputField


class ReferrerForm(forms.Form):
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=200,
        error_messages={"required": REFERRER_NAME_REQUIRED},
    )
    referrer_role = forms.CharField(label="Referrer's role", max_length=200, required=False)
    referrer_agency_text = forms.CharField(
        label="Organisation (if not your own agency)",
        max_length=200,
        required=False,
        help_text="Leave empty when you are the referrer",
    )
    referrer_phone = forms.CharField(label="Phone number", max_length=40, required=False)
    referral_source = forms.ChoiceField(
        label="Who is the contact from?",
        choices=[("", "Select a source")] + ReferralSource.choices,
        error_messages={"required": "Select who the contact came from"},
    )


class ChildForm(forms.Form):
    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = DateInputField(label="Date of birth", required=False, past=True, help_text="For example, 27 3 2015")
    school = forms.CharField(label="School", max_length=200, required=False)


class ConcernForm(forms.Form):
    concerns = forms.CharField(
        label="What are the concerns?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": CONCERNS_REQUIRED},
    )
    categories = forms.MultipleChoiceField(
        label="Categories of concern",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CATEGORIES_REQUIRED},
    )


class ConsentForm(forms.Form):
    consent_status = forms.ChoiceField(
        label="Does the family know about this contact and agree?",
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family knows and agrees"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing without consent",
        required=False,
        choices=[("", "Select a lawful basis")] + LawfulBasis.choices,
    )
    consent_reason = forms.CharField(
        label="Why are you sharing without consent?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PersonForm(forms.Form):
    """One other person named in the contact (the "add another" loop). The service checks the same
    rules with the same words (frontdoor/validation.py)."""

    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    role = forms.ChoiceField(
        label="What is their part in the concern?",
        # The code list's roles other than the child's, the one that matters most first.
        choices=[
            (role.value, role.label)
            for role in (
                SubjectRole.ALLEGED_PERPETRATOR,
                SubjectRole.PARENT_CARER,
                SubjectRole.SIBLING,
                SubjectRole.OTHER_ADULT,
            )
        ],
        widget=forms.RadioSelect,
        error_messages={"required": SUBJECT_ROLE_REQUIRED},
        help_text="Choose other adult for anyone else in the household or close to the child",
    )
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        required=False,
        choices=[("", "Not known")] + RelationshipType.choices,
    )
    date_of_birth = DateInputField(
        label="Date of birth (if known)", required=False, past=True, help_text="For example, 3 3 1980"
    )
    address = forms.CharField(
        label="Address (if known)", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(label="Postcode (if known)", max_length=8, required=False)

    def __init__(self, *args, child_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if child_name:
            self.fields["relationship"].label = f"What are they to {child_name}?"
            self.fields["relationship"].help_text = f"For example, {child_name}'s step-parent or partner of parent"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"

    def clean(self):
        data = super().clean()
        if not (data.get("given_name") or "").strip() and not (data.get("family_name") or "").strip():
            self.add_error("given_name", PERSON_NAME_REQUIRED)
        return data


YES_NO = [("yes", "Yes"), ("no", "No")]


class AddAnotherForm(forms.Form):
    add_another = forms.ChoiceField(
        label="Do you need to add another person?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you need to add another person"},
    )

    def __init__(self, *args, first: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first:  # nobody added yet: the question is whether the contact names anyone else at all
            field = self.fields["add_another"]
            field.label = "Does the contact name anyone else?"
            field.help_text = (
                "For example, the alleged perpetrator, a parent or carer, a brother or sister, or another adult "
                "in the household"
            )
            field.error_messages["required"] = "Select yes if the contact names anyone else"


class RemovePersonForm(forms.Form):
    remove = forms.ChoiceField(
        label="Are you sure you want to remove this person?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you want to remove this person"},
    )

    def __init__(self, *args, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if name:
            self.fields["remove"].label = f"Are you sure you want to remove {name}?"


INTAKE_STEPS = [
    ("referrer", "Who is making the contact", ReferrerForm),
    ("child", "The child", ChildForm),
    ("concerns", "The concerns", ConcernForm),
    ("consent", "Consent", ConsentForm),
]


class ScreenForm(inputs.CONTACT_SCREENING.form()):
    pass


class DecisionForm(inputs.CONTACT_DECISION.form()):
    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_team_id"].choices = [("", "Choose for me")] + [(t.pk, t.name) for t in teams]


class ChallengeForm(inputs.DECISION_CHALLENGE.form()):
    pass


class AnswerForm(inputs.INFORMATION_REQUEST_ANSWER.form()):
    pass


class PoliceScreeningForm(inputs.POLICE_SCREENING.form()):
    def clean(self):
        data = super().clean()
        if data.get("decision") == PoliceScreeningDecision.NO_REFERRAL and not (data.get("reason") or "").strip():
            self.add_error("reason", POLICE_REASON_REQUIRED)
        return data


class InformationRequestForm(inputs.INFORMATION_REQUEST.form()):
    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_id"].choices = [("", "Select a team")] + [(str(t.pk), str(t)) for t in teams]


class ThresholdViewForm(inputs.THRESHOLD_VIEW.form()):
    pass


class TriageInputForm(inputs.TRIAGE_INPUT.form()):
    pass


class TriageDecisionForm(inputs.TRIAGE_DECISION.form()):
    pass


class TriageActionForm(inputs.TRIAGE_ACTION.form()):
    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = [("", "Select a person")] + [(str(p.pk), _owner_label(p)) for p in owners]


class TriageActionDoneForm(inputs.TRIAGE_ACTION_DONE.form()):
    pass


def _owner_label(p) -> str:
    name = p.get_full_name() or p.get_username()
    agency = getattr(p, "agency_name", "")
    return f"{name} ({agency})" if agency else name


class MinutesForm(inputs.TRIAGE_MINUTES.form()):
    pass
