"""Forms for the work around a child: allocation, significant events, the section 47 enquiry."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.common import DATE_HELP
from safeguard.protection.inputs.allocation import ALLOCATION
from safeguard.protection.inputs.enquiries import SECTION47_RECORD
from safeguard.protection.validation import (
    EVENT_PEOPLE_REQUIRED,
    EVENT_TYPE_REQUIRED,
)
from safeguard.web.dates import DateInputField


class AllocationForm(ALLOCATION.form()):
    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {p.pk: p for p in workers}
        self.fields["worker_id"].choices = [("", "Choose")] + [(k, str(p)) for k, p in self.workers.items()]


class SignificantEventForm(forms.Form):
    event_type = forms.ChoiceField(
        label="What happened?", widget=forms.RadioSelect, error_messages={"required": EVENT_TYPE_REQUIRED}
    )
    people = forms.MultipleChoiceField(
        label="Who is it about?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": EVENT_PEOPLE_REQUIRED},
    )
    occurred_on = DateInputField(
        label="Date of the event", help_text=DATE_HELP, required_message="Enter the date of the event", past=True
    )
    summary = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=500
    )

    def __init__(self, *args, event_types, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["event_type"].choices = event_types
        self.fields["people"].choices = [(k, p.full_name) for k, p in self.people.items()]


class Section47Form(SECTION47_RECORD.form(exclude=("complete",))):
    """The enquiry's findings and outcome: saved as they come in, completed once (the page's
    "complete" is the button pressed, not a question)."""

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

