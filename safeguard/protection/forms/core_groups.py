"""Forms for arranging and recording core groups."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.common import DATE_HELP
from safeguard.protection.forms.meetings import MeetingArrangementsForm
from safeguard.protection.validation import (
    CORE_GROUP_HELD_ON_REQUIRED,
)
from safeguard.web.dates import DateInputField


class CoreGroupForm(forms.Form):
    held_on = DateInputField(
        label="Date the core group met",
        help_text=DATE_HELP,
        required_message=CORE_GROUP_HELD_ON_REQUIRED,
        past=True,
    )
    notes = forms.CharField(label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 5}), required=False)


class ScheduleCoreGroupForm(MeetingArrangementsForm):
    pass


class RecordCoreGroupForm(forms.Form):
    held_on = DateInputField(
        label="Date the core group met", help_text=DATE_HELP, required_message=CORE_GROUP_HELD_ON_REQUIRED,
        past=True,
    )  # fmt: skip
    notes = forms.CharField(label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 5}), required=False)

