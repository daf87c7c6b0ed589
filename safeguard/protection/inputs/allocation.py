"""Allocating a social worker to a child, defined once: the API's request body and the page's form
are made from it (see `safeguard.core.inputs`); the service still decides who may be allocated."""

from __future__ import annotations

import uuid

from pydantic import Field

from safeguard.core.inputs import Choice, Day, Input, Text
from safeguard.protection.inputs.meetings import DATE_HELP
from safeguard.protection.validation import WORKER_REQUIRED

ALLOCATION = Input(
    "AllocationIn",
    extra={"child_id": (uuid.UUID, Field(...))},
    worker_id=Choice(label="Social worker to allocate", required=WORKER_REQUIRED, placeholder="Choose"),
    starts_on=Day(label="Starting on", help_text="Leave blank for today. " + DATE_HELP),
    reason=Text(label="Reason for the change", max_length=300),
)
