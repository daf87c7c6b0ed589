"""Forms for the front door pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms

from safeguard.frontdoor.codes import (
    ConcernCategory,
    ConsentStatus,
    LawfulBasis,
    Outcome,
    Rag,
    ReferralSource,
)

DATE_ERROR = {"invalid": "Enter a real date, like 2015-03-27"}


class ReferrerForm(forms.Form):
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=200,
        error_messages={"required": "Enter the referrer's name, or 'Anonymous'"},
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
    date_of_birth = forms.DateField(
        label="Date of birth", required=False, help_text="For example, 2015-03-27", error_messages=DATE_ERROR
    )
    school = forms.CharField(label="School", max_length=200, required=False)
    other_people = forms.CharField(
        label="Other children and adults involved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: role, first name, last name, date of birth. Roles: sibling, parent_carer, "
        "alleged_perpetrator, other_adult",
    )


class ConcernForm(forms.Form):
    concerns = forms.CharField(
        label="What are the concerns?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe the concerns in the referrer's words"},
    )
    categories = forms.MultipleChoiceField(
        label="Categories of concern",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one category of concern"},
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


INTAKE_STEPS = [
    ("referrer", "Who is making the contact", ReferrerForm),
    ("child", "The child", ChildForm),
    ("concerns", "The concerns", ConcernForm),
    ("consent", "Consent", ConsentForm),
]


class ScreenForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG rating"},
    )
    notes = forms.CharField(label="Screening notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Explain the reasons for the decision"},
    )
    history_acknowledgement = forms.CharField(
        label="How have you taken the contact history into account?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required for no further action or advice when there have been repeated contacts",
    )


class ChallengeForm(forms.Form):
    person_id = forms.ChoiceField(label="Which child is the challenge about?", widget=forms.RadioSelect)
    concern = forms.CharField(label="What do you disagree with, and why?", widget=forms.Textarea(attrs={"rows": 5}))
    desired_outcome = forms.CharField(
        label="What outcome do you want?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="What does your agency hold?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what your agency holds, or 'Nothing known'"},
    )
