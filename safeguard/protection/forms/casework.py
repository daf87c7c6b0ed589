"""Forms for the work around a child: allocation, significant events, the section 47 enquiry."""

from __future__ import annotations

from safeguard.protection.inputs.allocation import ALLOCATION
from safeguard.protection.inputs.casework import SIGNIFICANT_EVENT
from safeguard.protection.inputs.enquiries import SECTION47_RECORD


class AllocationForm(ALLOCATION.form()):
    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {p.pk: p for p in workers}
        self.fields["worker_id"].choices = [("", "Choose")] + [(k, str(p)) for k, p in self.workers.items()]


class SignificantEventForm(SIGNIFICANT_EVENT.form()):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["person_ids"].choices = [(k, p.full_name) for k, p in self.people.items()]


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

