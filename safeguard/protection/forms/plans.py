"""Forms for the child protection plan: its outcomes, written agreements, and statutory visits, made
from the definitions in `protection.inputs.plans` (the API's request bodies come from the same ones)."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.actions import ActionRowsMixin
from safeguard.protection.forms.common import DEFAULT_ACTION_ROWS
from safeguard.protection.inputs import plans as inputs


class PlanOutcomeForm(ActionRowsMixin, inputs.PLAN_OUTCOME.form()):
    ACTION_PARTS = ("description", "owner", "due_on", "measure")

    def __init__(self, *args, owners, rows: int = DEFAULT_ACTION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_action_rows(owners=owners, rows=rows)

    def clean(self):
        cleaned = super().clean()
        self.clean_action_rows_(cleaned)
        return cleaned


class AgreementForm(inputs.AGREEMENT_UPDATE.form()):
    # The version this page showed: saving over a newer draft is refused, not silently overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class VisitForm(inputs.PLAN_VISIT.form()):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_alone"].initial = None  # asked with nothing chosen (the API's default is no)
