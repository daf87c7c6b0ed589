"""Arranging, moving and cancelling a meeting of any kind (strategy discussion, conference, core
group), each write defined once: the API's request bodies and the pages' forms are made from these
(see `safeguard.core.inputs`). The services still decide what depends on the meeting: that it is
still to happen, and not before what it follows."""

from __future__ import annotations

from safeguard.core.inputs import DATE_HELP, Day, Input, Text, Time
from safeguard.protection.validation import MIN_REASON

MEETING_DATE_REQUIRED = "Enter the date of the meeting"
MEETING_TIME_REQUIRED = "Enter the time the meeting starts, like 10am or 2:30pm"
MEETING_PLACE_REQUIRED = "Enter where the meeting is, or how to join the call"
RESCHEDULE_REASON_REQUIRED = "Give the reason for rescheduling"
CANCEL_REASON_REQUIRED = "Give the reason for cancelling"
PLACE_MIN = 3


def _arrangements() -> dict:
    return {
        "scheduled_for": Day(
            label="Date", help_text=DATE_HELP, required=MEETING_DATE_REQUIRED, future=True,
            what="The date of the meeting",
        ),
        "starts_at": Time(label="Time", required=MEETING_TIME_REQUIRED),
        "place": Text(
            label="Place, or how to join the call", max_length=300, min_length=PLACE_MIN,
            required=MEETING_PLACE_REQUIRED,
            help_text="For example, Room 2, Shire Hall; or a phone number and meeting code",
        ),
    }  # fmt: skip


MEETING_ARRANGE = Input("MeetingArrangeIn", **_arrangements())

MEETING_RESCHEDULE = Input(
    "MeetingRescheduleIn",
    **_arrangements(),
    reason=Text(label="Why is it being moved?", rows=3, required=RESCHEDULE_REASON_REQUIRED, min_length=MIN_REASON),
)

MEETING_CANCEL = Input(
    "MeetingCancelIn",
    reason=Text(
        label="Why is it being cancelled?", rows=3, max_length=2000, required=CANCEL_REASON_REQUIRED,
        min_length=MIN_REASON,
    ),
)  # fmt: skip
