"""Casework writes around a child, each defined once: significant events, requests to reconvene a
meeting and the decision on them, and looked-after episodes. The API's request bodies and the pages'
forms are both made from these; the services decide the rest (who may see the people named, whether
there is an open plan to reconvene, an episode's dates) in these words."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from pydantic import Field

from safeguard.core.inputs import Code, Day, Input, Spec, Text, _refuse
from safeguard.core.models import EventType
from safeguard.protection.inputs.actions import DATE_HELP
from safeguard.protection.models import LegalStatus, ReconveneReview
from safeguard.protection.validation import EVENT_PEOPLE_REQUIRED, EVENT_TYPE_REQUIRED, MIN_REASON

# The statutory list first, in the order practitioners think of them; then the catch-alls.
SIGNIFICANT_EVENT_ORDER = [
    EventType.NEW_BIRTH,
    EventType.BAIL_CHANGED,
    EventType.ADULT_JOINED_HOUSEHOLD,
    EventType.PERPETRATOR_RELEASED_OR_CHARGED,
    EventType.ED_ATTENDANCE,
    EventType.MISSING_EPISODE,
    EventType.DISCLOSURE,
    EventType.DOMESTIC_ABUSE_INCIDENT,
    EventType.OTHER,
]

EVENT_DATE_REQUIRED = "Enter the date of the event"
EVENT_SUMMARY_REQUIRED = "Describe what happened"
EVENT_SUMMARY_MIN_CHARS = 5
RECONVENE_REASON_REQUIRED = "Say what has changed and why the meeting should be reconvened"
RECONVENE_DECISION_REQUIRED = "Choose reconvene the strategy discussion, bring forward the review, or no change"
RECONVENE_DECISION_REASON_REQUIRED = "Give the reason for the decision"
LEGAL_STATUS_REQUIRED = "Choose the legal status from the list (for example C2 or V2)"
LOOKED_AFTER_END_REASON_REQUIRED = "Say why the child stopped being looked after"


class People(Spec):
    """People chosen from a list the page fills in (tick boxes): their ids in the API."""

    python_type = list[uuid.UUID]

    def __init__(self, *, invalid: str = "", **kw):
        super().__init__(**kw)
        self.empty = []
        self._invalid = invalid

    @property
    def invalid_message(self) -> str:
        return self._invalid or self.required_message

    def form_field(self) -> forms.Field:
        messages = {
            "required": self.required_message,
            "invalid_choice": self.invalid_message,
            "invalid_list": self.invalid_message,
        }
        return forms.MultipleChoiceField(
            **self._form_kwargs(), widget=forms.CheckboxSelectMultiple, error_messages=messages
        )

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _refuse(self.invalid_message)
        try:
            return list(dict.fromkeys(uuid.UUID(v) for v in value))
        except ValueError:
            raise _refuse(self.invalid_message) from None

    def json_schema(self) -> dict:
        schema: dict = {"type": "array", "items": {"type": "string", "format": "uuid"}}
        if self.required:
            schema["minItems"] = 1
        return schema


SIGNIFICANT_EVENT = Input(
    "SignificantEventIn",
    event_type=Code(SIGNIFICANT_EVENT_ORDER, label="What happened?", required=EVENT_TYPE_REQUIRED),  # type: ignore[arg-type]
    person_ids=People(label="Who is it about?", help_text="Select all that apply", required=EVENT_PEOPLE_REQUIRED),
    occurred_on=Day(label="Date of the event", help_text=DATE_HELP, past=True, required=EVENT_DATE_REQUIRED),
    summary=Text(
        label="What happened",
        rows=3,
        max_length=500,
        required=EVENT_SUMMARY_REQUIRED,
        min_length=EVENT_SUMMARY_MIN_CHARS,
    ),
)

RECONVENE_REQUEST = Input(
    "ReconveneRequestIn",
    reason=Text(
        label="What has changed, and why should the meeting be reconvened?",
        rows=4,
        max_length=2000,
        required=RECONVENE_REASON_REQUIRED,
        min_length=MIN_REASON,
    ),
    extra={"child_id": (uuid.UUID, Field(..., description="The child whose meeting should be reconvened"))},
)

RECONVENE_DECISION = Input(
    "ReconveneDecisionIn",
    decision=Code(
        [d for d in ReconveneReview.Decision if d],  # type: ignore[arg-type]
        label="Decision",
        required=RECONVENE_DECISION_REQUIRED,
    ),
    reason=Text(label="Reason", rows=3, required=RECONVENE_DECISION_REASON_REQUIRED, min_length=MIN_REASON),
)

LOOKED_AFTER = Input(
    "LookedAfterIn",
    legal_status=Code(LegalStatus, label="Legal status", required=LEGAL_STATUS_REQUIRED, widget="select"),
    started_on=Day(
        label="Start date", what="The start date", help_text=DATE_HELP, past=True, description="Leave out for today"
    ),
    extra={"child_id": (uuid.UUID, Field(..., description="The child who starts to be looked after"))},
)

LOOKED_AFTER_END = Input(
    "LookedAfterEndIn",
    ended_on=Day(label="End date", what="The end date", help_text=DATE_HELP, description="Leave out for today"),
    reason=Text(
        label="Why the child stopped being looked after", max_length=300, required=LOOKED_AFTER_END_REASON_REQUIRED
    ),
)
