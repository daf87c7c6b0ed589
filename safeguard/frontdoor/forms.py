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
)
from safeguard.frontdoor.validation import (
    CATEGORIES_REQUIRED,
    CONCERNS_REQUIRED,
    POLICE_REASON_REQUIRED,
    REFERRER_NAME_REQUIRED,
)
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
    other_people = forms.CharField(
        label="Other children and adults involved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: role, first name, last name, date of birth (for example, 27/3/2015). "
        "Roles: brother or sister, parent or carer, alleged perpetrator, other adult",
    )


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
