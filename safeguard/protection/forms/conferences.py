"""Forms for arranging and recording child protection conferences, made from the definitions in
`protection.inputs.conferences` (the API's request bodies come from the same ones)."""

from __future__ import annotations

from django import forms

from safeguard.protection.inputs.conferences import CONFERENCE_RECORD, CONFERENCE_SCHEDULE, INTRA_FAMILIAL_CHOICES
from safeguard.protection.models import Attendance


class ScheduleConferenceForm(CONFERENCE_SCHEDULE.form(exclude=("kind",))):
    """An initial conference (the page's only kind). The time is read as people write it (10am,
    2:30pm), on the page and in the API alike."""

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.chairs = {str(p.pk): p for p in chairs}
        self.fields["chair_id"].choices = [("", "Choose later")] + [(k, str(p)) for k, p in self.chairs.items()]
        self.order_fields(["scheduled_for", "starts_at", "place", "chair_id", "late_reason"])

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        chair_id = d.get("chair_id")
        return {
            "scheduled_for": d["scheduled_for"],
            "starts_at": d.get("starts_at"),
            "place": d.get("place") or "",
            "chair": self.chairs.get(str(chair_id)) if chair_id else None,
            "late_reason": d.get("late_reason") or "",
        }


class RecordConferenceForm(CONFERENCE_RECORD.form()):
    """The conference's record (asked in the task list's sections), with who attended: a question per
    invitee, straight after the date."""

    def __init__(self, *args, conference=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sexual_abuse_intra_familial"].choices = INTRA_FAMILIAL_CHOICES
        self.invitations = [i for i in conference.invitations.all() if not i.removed] if conference else []
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
            "sexual_abuse_intra_familial": d.get("sexual_abuse_intra_familial"),
        }
