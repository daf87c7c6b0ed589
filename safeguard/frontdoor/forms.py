"""Forms for the front door pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms

from safeguard.frontdoor.codes import (
    ConcernCategory,
    ConsentStatus,
    LawfulBasis,
    Outcome,
    PoliceScreeningDecision,
    Rag,
    ReferralSource,
    SubjectRole,
    TriageOutcome,
)
from safeguard.frontdoor.validation import (
    ANSWER_REQUIRED,
    CATEGORIES_REQUIRED,
    CONCERNS_REQUIRED,
    DECISION_OUTCOME_REQUIRED,
    DECISION_RATIONALE_REQUIRED,
    PERSON_NAME_REQUIRED,
    POLICE_REASON_REQUIRED,
    POLICE_REFER_REQUIRED,
    REFERRER_NAME_REQUIRED,
    REQUEST_QUESTION_REQUIRED,
    REQUEST_TEAM_REQUIRED,
    SUBJECT_ROLE_REQUIRED,
    TRIAGE_ACTION_REQUIRED,
    TRIAGE_DUE_REQUIRED,
    TRIAGE_INFORMATION_REQUIRED,
    TRIAGE_MINUTES_REQUIRED,
    TRIAGE_OUTCOME_REQUIRED,
    TRIAGE_OWNER_REQUIRED,
    TRIAGE_RATIONALE_REQUIRED,
    VIEW_OUTCOME_REQUIRED,
    VIEW_RATIONALE_REQUIRED,
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
        error_messages={"required": DECISION_OUTCOME_REQUIRED},
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": DECISION_RATIONALE_REQUIRED},
    )
    history_acknowledgement = forms.CharField(
        label="How have you taken the contact history into account?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required for no further action or advice when there have been repeated contacts",
    )
    receiving_team_id = forms.TypedChoiceField(
        label="Which social work team takes this on?",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="For an assessment or a strategy discussion. If you leave this, it goes to the team already "
        "working with the child, or else to the first team listed. The team's manager allocates it.",
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_team_id"].choices = [("", "Choose for me")] + [(t.pk, t.name) for t in teams]


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
        error_messages={"required": ANSWER_REQUIRED},
    )


class PoliceScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label="Does this notification need a referral to children's social care?",
        choices=PoliceScreeningDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": POLICE_REFER_REQUIRED},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when no referral is needed. When you refer, it is added to the contact.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == PoliceScreeningDecision.NO_REFERRAL and not (data.get("reason") or "").strip():
            self.add_error("reason", POLICE_REASON_REQUIRED)
        return data


class InformationRequestForm(forms.Form):
    team_id = forms.ChoiceField(
        label="Which partner team do you want to ask?",
        error_messages={
            "required": REQUEST_TEAM_REQUIRED,
            "invalid_choice": REQUEST_TEAM_REQUIRED,
        },
    )
    question = forms.CharField(
        label="What do you need to know?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what you are asking and why. The partner sees the children named in the contact "
        "until they answer.",
        error_messages={"required": REQUEST_QUESTION_REQUIRED},
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_id"].choices = [("", "Select a team")] + [(str(t.pk), str(t)) for t in teams]


class ThresholdViewForm(forms.Form):
    recommended_outcome = forms.ChoiceField(
        label="What outcome does your agency think is right?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": VIEW_OUTCOME_REQUIRED},
    )
    rationale = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": VIEW_RATIONALE_REQUIRED},
    )


class TriageInputForm(forms.Form):
    information = forms.CharField(
        label="What does your agency know about this household?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": TRIAGE_INFORMATION_REQUIRED},
    )


class TriageDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Triage decision",
        choices=TriageOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": TRIAGE_OUTCOME_REQUIRED},
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": TRIAGE_RATIONALE_REQUIRED},
    )


class TriageActionForm(forms.Form):
    description = forms.CharField(
        label="What needs to be done?", max_length=500, error_messages={"required": TRIAGE_ACTION_REQUIRED}
    )
    owner_id = forms.ChoiceField(
        label="Who will do it?",
        error_messages={"required": TRIAGE_OWNER_REQUIRED, "invalid_choice": TRIAGE_OWNER_REQUIRED},
    )
    due_on = DateInputField(
        label="Due date",
        future=True,
        help_text="For example, 1 12 2026",
        required_message=TRIAGE_DUE_REQUIRED,
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = [("", "Select a person")] + [(str(p.pk), _owner_label(p)) for p in owners]


class TriageActionDoneForm(forms.Form):
    what_was_done = forms.CharField(
        label="What was done?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was done"},
    )


def _owner_label(p) -> str:
    name = p.get_full_name() or p.get_username()
    agency = getattr(p, "agency_name", "")
    return f"{name} ({agency})" if agency else name


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Minutes of the meeting",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": TRIAGE_MINUTES_REQUIRED},
    )
