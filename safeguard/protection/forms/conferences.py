"""Forms for arranging and recording child protection conferences."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.common import DATE_HELP, MeetingTimeField, _yes_no_bool
from safeguard.protection.models import (
    Attendance,
    CategoryOfAbuse,
    Conference,
)
from safeguard.protection.validation import (
    CONFERENCE_DATE_REQUIRED,
    CONFERENCE_HELD_ON_REQUIRED,
)
from safeguard.web.dates import DateInputField


class ScheduleConferenceForm(forms.Form):
    scheduled_for = DateInputField(
        label="Date of the initial child protection conference",
        help_text=DATE_HELP,
        required_message=CONFERENCE_DATE_REQUIRED,
        future=True,
    )
    start_time = MeetingTimeField(label="Time", required=False)
    place = forms.CharField(
        label="Place, or how to join the call", max_length=300, required=False,
        help_text="For example, Room 2, Shire Hall; or a phone number and meeting code",
    )  # fmt: skip
    chair = forms.ChoiceField(label="Conference chair (optional)", required=False)
    late_reason = forms.CharField(
        label="If the conference is after the due date, why?",
        help_text="Needed when the date is after the due date",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.chairs = {str(p.pk): p for p in chairs}
        self.fields["chair"].choices = [("", "Choose later")] + [(k, str(p)) for k, p in self.chairs.items()]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "scheduled_for": d["scheduled_for"],
            "starts_at": d.get("start_time"),
            "place": d.get("place") or "",
            "chair": self.chairs.get(d.get("chair") or ""),
            "late_reason": d.get("late_reason") or "",
        }


class RecordConferenceForm(forms.Form):
    held_on = DateInputField(
        label="Date held", help_text=DATE_HELP, required_message=CONFERENCE_HELD_ON_REQUIRED, past=True
    )
    reports_received = forms.CharField(
        label="Reports received",
        help_text="Which agencies sent a report (or say none were received)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    child_views = forms.CharField(label="The child's views", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    child_views_how_sought = forms.CharField(
        label="How the child's views were sought", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    communication_method = forms.CharField(
        label="Communication method used (for a disabled child)",
        help_text="For example, Makaton, symbols, an interpreter or an advocate",
        required=False,
        max_length=200,
    )
    parents_views = forms.CharField(
        label="The parents' views", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        required=False,
        choices=[(c, label) for c, label in Conference.Decision.choices if c],
    )
    category = forms.ChoiceField(
        label="Category of abuse (when there is a plan)",
        widget=forms.RadioSelect,
        required=False,
        choices=list(CategoryOfAbuse.choices),
    )
    sexual_abuse_intra_familial = forms.ChoiceField(
        label="For sexual abuse: is it within the family environment?",
        widget=forms.RadioSelect,
        required=False,
        choices=[("yes", "Yes, within the family environment"), ("no", "No, outside the family environment")],
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = [i for i in conference.invitations.all() if not i.removed]
        attendance = {}
        for inv in self.invitations:
            attendance[f"attendance_{inv.pk}"] = forms.ChoiceField(
                label=inv.display,
                widget=forms.RadioSelect,
                required=False,
                choices=[c for c in Attendance.choices if c[0] != Attendance.INVITED],
            )
        # Attendance comes straight after the date, in page order (so the error summary follows the page).
        fields = list(self.fields.items())
        self.fields = dict(fields[:1] + list(attendance.items()) + fields[1:])

    def attendance_fields(self):
        return [self[f"attendance_{inv.pk}"] for inv in self.invitations]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "held_on": d.get("held_on"),
            "attendance": [
                {"invitation_id": inv.pk, "attendance": d.get(f"attendance_{inv.pk}")}
                for inv in self.invitations
                if d.get(f"attendance_{inv.pk}")
            ],
            **{
                k: d.get(k) or ""
                for k in (
                    "reports_received",
                    "child_views",
                    "child_views_how_sought",
                    "communication_method",
                    "parents_views",
                    "decision",
                    "category",
                )
            },
            "sexual_abuse_intra_familial": _yes_no_bool(d.get("sexual_abuse_intra_familial")),
        }

