"""What every protection form shares: date help, yes/no choices, times as people write them, and
the service's errors placed on the fields they are about."""

from __future__ import annotations

from django import forms

from safeguard.protection.models import (
    ConsideredDecision,
)

DATE_HELP = "For example, 27 3 2026"


DEFAULT_ACTION_ROWS = 3


MAX_ACTION_ROWS = 20


YES_NO = [(ConsideredDecision.YES, "Yes"), (ConsideredDecision.NO, "No")]


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        for message in messages:
            name = field.split("[")[0] if field.split("[")[0] in form.fields else field
            form.add_error(name if name in form.fields else None, message)


def _yes_no_bool(value):
    return {"yes": True, "no": False}.get(value)


TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p", "%H"]


class MeetingTimeField(forms.TimeField):
    """A time as people write it: 10am, 2:30pm, 14:30."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", TIME_FORMATS)
        kwargs.setdefault("help_text", "For example, 10am, 2:30pm or 14:30")
        kwargs.setdefault("error_messages", {"invalid": "Enter a real time, like 10am or 2:30pm"})
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip().lower().replace(" ", "")
        if value in ("midday", "noon"):
            value = "12:00"
        return super().to_python(value.upper() if value.endswith(("am", "pm")) else value)

