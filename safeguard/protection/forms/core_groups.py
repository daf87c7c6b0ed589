"""Forms for arranging and recording core groups (recording made from `protection.inputs.plans`)."""

from __future__ import annotations

from safeguard.protection.forms.meetings import MeetingArrangementsForm
from safeguard.protection.inputs.plans import CORE_GROUP


class CoreGroupForm(CORE_GROUP.form()):
    pass


class ScheduleCoreGroupForm(MeetingArrangementsForm):
    pass


class RecordCoreGroupForm(CORE_GROUP.form()):
    """The core group's record, asked in the task list's sections."""
