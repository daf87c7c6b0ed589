"""Forms for the web pages. They check shape; the services check the rules of the domain."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from safeguard.access.models import BreakGlassGrant
from safeguard.access.services import REVIEW_OUTCOME_REQUIRED
from safeguard.people import inputs as people_inputs


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct username and password. After 5 failed attempts the account is locked for 15 minutes."
        ),
        "inactive": "This account is not active. Contact your system administrator.",
    }


class PersonSearchForm(people_inputs.PERSON_SEARCH.form()):
    """The search's fields are the API's (`POST /people/search`); the page also asks for at least one."""

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("name", "date_of_birth", "nhs_number")):
            raise forms.ValidationError("Enter a name, a date of birth or an NHS number to search")
        return cleaned


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this record now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your reason is recorded, shown on the record and reviewed by an auditor.",
        error_messages={"required": "Enter why you need this record now"},
        max_length=2000,
    )


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was this emergency access justified?",
        choices=[
            (BreakGlassGrant.Review.JUSTIFIED, "Justified"),
            (BreakGlassGrant.Review.NOT_JUSTIFIED, "Not justified"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": REVIEW_OUTCOME_REQUIRED},
    )
    note = forms.CharField(label="Review note", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EnquiryForm(people_inputs.PERSON_ENQUIRY.form(only=("reason",))):
    """The reason is the API's (`POST /people/enquiries`); the token travels hidden in the page."""

    token = forms.CharField(widget=forms.HiddenInput)
    field_order = ["token", "reason"]


class MergeDecisionForm(people_inputs.MERGE_DECISION.form()):
    pass


class UndoMergeForm(people_inputs.MERGE_UNDO.form()):
    pass


class EnquiryAnswerForm(people_inputs.ENQUIRY_ANSWER.form()):
    pass
