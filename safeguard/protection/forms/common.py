"""What every protection form shares: date help, yes/no choices, times as people write them, and
the service's errors placed on the fields they are about."""

from __future__ import annotations

from django import forms

from safeguard.core.inputs import DATE_HELP, TIME_FORMATS, TimeOfDayField  # noqa: F401  (re-exported)
from safeguard.protection.models import (
    ConsideredDecision,
)

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


class MeetingTimeField(TimeOfDayField):
    """A time as people write it: 10am, 2:30pm, 14:30 (the reading lives in core.inputs)."""
