"""Forms for the work around a child: allocation, significant events, the section 47 enquiry."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.common import DATE_HELP, YES_NO
from safeguard.protection.inputs.casework import SIGNIFICANT_EVENT
from safeguard.protection.validation import (
    ENQUIRY_STARTED_ON_REQUIRED,
    WORKER_REQUIRED,
)
from safeguard.web.dates import DateInputField


class AllocationForm(forms.Form):
    worker = forms.ChoiceField(
        label="Social worker to allocate", error_messages={"required": WORKER_REQUIRED}
    )
    starts_on = DateInputField(label="Starting on", help_text="Leave blank for today. " + DATE_HELP, required=False)
    reason = forms.CharField(label="Reason for the change", required=False, max_length=300)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(p.pk): p for p in workers}
        self.fields["worker"].choices = [("", "Choose")] + [(k, str(p)) for k, p in self.workers.items()]


class SignificantEventForm(SIGNIFICANT_EVENT.form()):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["person_ids"].choices = [(k, p.full_name) for k, p in self.people.items()]


class Section47Form(forms.Form):
    """The enquiry's findings and outcome: saved as they come in, completed once."""

    started_on = DateInputField(
        label="Date the enquiry started", help_text=DATE_HELP, required_message=ENQUIRY_STARTED_ON_REQUIRED,
        past=True,
    )  # fmt: skip
    social_worker_findings = forms.CharField(
        label="The social worker's findings", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    police_findings = forms.CharField(
        label="The police officer's findings",
        help_text="Needed for a joint enquiry",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    concerns_substantiated = forms.ChoiceField(
        label="Were the concerns substantiated?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    icpc_needed = forms.ChoiceField(
        label="Is an initial child protection conference needed?", choices=YES_NO, widget=forms.RadioSelect,
        required=False,
    )  # fmt: skip
    next_step = forms.ChoiceField(
        label="If no conference is needed, what next?",
        choices=[("cin", "A child in need plan"), ("nfa", "No further action")],
        widget=forms.RadioSelect,
        required=False,
    )
    outcome_reason = forms.CharField(
        label="Reasons for the outcome", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    concluded_on = DateInputField(
        label="Date the enquiry was completed", help_text=DATE_HELP, required=False, past=True
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "started_on": d.get("started_on"),
            "concluded_on": d.get("concluded_on"),
            **{
                k: d.get(k) or ""
                for k in (
                    "social_worker_findings", "police_findings", "concerns_substantiated", "icpc_needed",
                    "next_step", "outcome_reason",
                )
            },
        }  # fmt: skip

