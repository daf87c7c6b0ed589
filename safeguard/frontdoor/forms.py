"""Forms for the front door pages. They check shape; the services check the rules. The forms of single
writes come from `frontdoor.inputs`, the definitions the API's request bodies are made from too."""

from __future__ import annotations

from django import forms

from safeguard.frontdoor import inputs
from safeguard.frontdoor.codes import PoliceScreeningDecision, SubjectRole
from safeguard.frontdoor.validation import PERSON_NAME_REQUIRED, POLICE_REASON_REQUIRED

# The contact wizard's pages, made from the contact's input definition (`ContactIn`) and each person's
# (`ContactSubjectIn`): the same fields, bounds, code lists and words as the API.
REFERRER_FIELDS = ("referrer_name", "referrer_role", "referrer_agency_text", "referrer_phone", "referral_source")
PERSON_FIELDS = ("given_name", "family_name", "role", "relationship", "date_of_birth", "address", "postcode")


class ReferrerForm(inputs.CONTACT.form(only=REFERRER_FIELDS)):
    pass


class ChildForm(inputs.CONTACT_SUBJECT.form(only=("given_name", "family_name", "date_of_birth", "school"))):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].label = "Date of birth"  # the child's: asked as plainly as the name
        self.fields["date_of_birth"].help_text = "For example, 27 3 2015"


class ConcernForm(inputs.CONTACT.form(only=("concerns", "categories"))):
    pass


class ConsentForm(inputs.CONTACT.form(only=("consent_status", "lawful_basis", "consent_reason"))):
    pass


# The code list's roles other than the child's, the one that matters most first.
OTHER_PERSON_ROLES = (
    SubjectRole.ALLEGED_PERPETRATOR, SubjectRole.PARENT_CARER, SubjectRole.SIBLING, SubjectRole.OTHER_ADULT,
)  # fmt: skip


class PersonForm(inputs.CONTACT_SUBJECT.form(only=PERSON_FIELDS)):
    """One other person named in the contact (the "add another" loop), from the same definition as each
    of the API's subjects; the service checks the same rules with the same words."""

    def __init__(self, *args, child_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        role.choices = [(r.value, r.label) for r in OTHER_PERSON_ROLES]
        role.help_text = "Choose other adult for anyone else in the household or close to the child"
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
