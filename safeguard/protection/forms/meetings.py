"""Forms every meeting shares: its arrangements, moving or cancelling it, and its invitees. Their
questions come from `protection.inputs.meetings`, the definitions the API's request bodies are made
from too, so a bad answer gets the same words from either."""

from __future__ import annotations

from safeguard.protection.inputs import meetings as inputs
from safeguard.protection.inputs.discussions import INVITATION_REMOVE


class MeetingArrangementsForm(inputs.MEETING_ARRANGE.form()):
    def service_kwargs(self) -> dict:
        """The service's arguments, named as the form's questions are."""
        return dict(self.cleaned_data)


class MeetingRescheduleForm(inputs.MEETING_RESCHEDULE.form()):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class MeetingCancelForm(inputs.MEETING_CANCEL.form()):
    pass


class RemoveInviteeForm(INVITATION_REMOVE.form()):
    pass
