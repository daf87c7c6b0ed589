"""An action (who will do what, for which child, by when), defined once: the API's action rows on a
meeting's record and a plan's outcome, and the action rows of those pages, are made from it."""

from __future__ import annotations

import uuid

from safeguard.core.inputs import DATE_HELP, Choice, Day, Input, Text
from safeguard.protection.validation import (
    ACTION_CHILD_REQUIRED,
    ACTION_DESCRIPTION_REQUIRED,
    ACTION_MEASURE_REQUIRED,
    ACTION_OWNER_REQUIRED,
)

ACTION_DUE_REQUIRED = "Enter the date this action is due"

# Every part is optional here: a page's blank row is no action, and which parts a row needs depends on
# where it is written, so the service asks for the missing parts of every row at once, in ROW_REQUIRED's words.
PROTECTION_ACTION = Input(
    "ProtectionActionIn",
    description=Text(label="What will be done", max_length=2000, description="Needed"),
    owner_id=Choice(label="Owner", invalid=ACTION_OWNER_REQUIRED, placeholder="Choose", description="Needed"),
    due_on=Day(label="Due date", help_text=DATE_HELP, description="Needed"),
    child_id=Choice(
        label="Child this action is for",
        id_type=uuid.UUID,
        invalid=ACTION_CHILD_REQUIRED,
        placeholder="Choose",
        description="Needed on a strategy discussion's record; a plan's actions are for its child",
    ),
    measure_of_success=Text(label="Measure of success", rows=2, description="Needed for a plan's actions"),
)

ACTION_COMPLETE = Input(
    "ActionCompleteIn",
    completed_on=Day(label="Date the action was done", help_text=DATE_HELP, description="Leave out for today"),
)

# The parts of an action row on a page (the names its fields had before these definitions).
ROW_PARTS = {
    "description": "description",
    "owner": "owner_id",
    "due_on": "due_on",
    "child": "child_id",
    "measure": "measure_of_success",
}
ROW_REQUIRED = {
    "description": ACTION_DESCRIPTION_REQUIRED,
    "owner": ACTION_OWNER_REQUIRED,
    "due_on": ACTION_DUE_REQUIRED,
    "child": ACTION_CHILD_REQUIRED,
    "measure": ACTION_MEASURE_REQUIRED,
}
