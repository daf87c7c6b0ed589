"""Forms every meeting shares: its arrangements, moving or cancelling it, and its invitees."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.common import DATE_HELP, MeetingTimeField
from safeguard.web.dates import DateInputField


class MeetingArrangementsForm(forms.Form):
    scheduled_for = DateInputField(
        label="Date", help_text=DATE_HELP, required_message="Enter the date of the meeting", future=True,
        what="The date of the meeting",
    )  # fmt: skip
    start_time = MeetingTimeField(label="Time", required=False)
    place = forms.CharField(
        label="Place, or how to join the call", max_length=300, required=False,
        help_text="For example, Room 2, Shire Hall; or a phone number and meeting code",
    )  # fmt: skip

    def service_kwargs(self) -> dict:
        """The service's names (the time box is not called "..._at": it is not a date)."""
        d = dict(self.cleaned_data)
        d["starts_at"] = d.pop("start_time", None)
        return d


# Service field -> form field, for errors.
SERVICE_TO_FORM = {"starts_at": "start_time"}


class MeetingRescheduleForm(MeetingArrangementsForm):
    reason = forms.CharField(label="Why is it being moved?", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being cancelled?", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class RemoveInviteeForm(forms.Form):
    reason = forms.CharField(
        label="Why is this agency not needed?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

