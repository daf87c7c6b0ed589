"""Forms for the child protection plan: its outcomes, written agreements, and statutory visits."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.actions import ActionRowsMixin
from safeguard.protection.forms.common import DATE_HELP, DEFAULT_ACTION_ROWS
from safeguard.web.dates import DateInputField


class PlanOutcomeForm(ActionRowsMixin, forms.Form):
    ACTION_PARTS = ("description", "owner", "due_on", "measure")

    description = forms.CharField(
        label="Outcome for the child",
        help_text="What will be different for the child, in words the family understands",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, owners, rows: int = DEFAULT_ACTION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_action_rows(owners=owners, rows=rows)

    def clean(self):
        cleaned = super().clean()
        self.clean_action_rows_(cleaned)
        return cleaned


class AgreementForm(forms.Form):
    parties = forms.CharField(
        label="Who is making this agreement?",
        max_length=300,
        required=False,
        help_text="For example, Alice Fictional (mum)",
    )
    body = forms.CharField(
        label="What we agree",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Use short sentences and everyday words. Say who will do what, and when.",
    )
    if_not_kept = forms.CharField(
        label="What happens if the agreement is not kept", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The version this page showed: saving over a newer draft is refused, not silently overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class VisitForm(forms.Form):
    visited_on = DateInputField(
        label="Date of the visit", help_text=DATE_HELP, required_message="Enter the date of the visit", past=True
    )
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Say whether the child was seen alone"},
    )

