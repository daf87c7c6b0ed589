"""Action rows (who will do what, by when) shared by the meeting records and the plan's outcomes. Each
row's parts come from the action's input definition (`protection.inputs.actions`): a blank row is
ignored, and a row with anything in it needs every part, in the words the service uses too."""

from __future__ import annotations

import re

from django import forms

from safeguard.protection.forms.common import DEFAULT_ACTION_ROWS, MAX_ACTION_ROWS
from safeguard.protection.inputs.actions import PROTECTION_ACTION, ROW_PARTS, ROW_REQUIRED


def owner_choices(owners) -> list:
    """Owners of an action: (working with the child, everyone else in the directory) as two groups,
    or a plain list of practitioners."""
    if isinstance(owners, tuple):
        around, everyone = owners
        return [
            ("", "Choose"),
            ("Working with the child", [(str(p.pk), str(p)) for p in around]),
            (
                "Everyone in the directory",
                [(str(e.practitioner.pk), f"{e.practitioner} ({e.agency_text})") for e in everyone],
            ),
        ]
    return [("", "Choose")] + [(str(p.pk), str(p)) for p in owners]


class ActionRowsMixin:
    """Several action rows (no JavaScript needed): `action_rows` blank rows, and "Add another action"
    posts back for one more. A row with anything in it must have every part; blank rows are ignored."""

    ACTION_PARTS: tuple[str, ...] = ("description", "owner", "due_on", "child")
    ROW_LABELS = {part: PROTECTION_ACTION.fields[name].label for part, name in ROW_PARTS.items()}
    ROW_ERRORS = ROW_REQUIRED
    SERVICE_PART = {"description": "description", "owner_id": "owner", "due_on": "due_on", "child_id": "child",
                    "measure_of_success": "measure"}  # fmt: skip

    def add_action_rows(self, *, owners, children=None, rows: int = DEFAULT_ACTION_ROWS) -> None:
        self.action_row_count = rows
        self.fields["action_rows"] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=rows)
        for i in range(rows):
            for part in self.ACTION_PARTS:
                name, label = f"action_{i}_{part}", self.ROW_LABELS[part]
                if part == "owner":
                    field = forms.ChoiceField(label=label, required=False, choices=owner_choices(owners))
                    # The list cannot hold a whole partnership's directory: anyone else is found by name.
                    self.fields[f"action_{i}_owner_name"] = forms.CharField(
                        label="Or someone else in the directory",
                        help_text="Their name, with their team or agency if the name is common",
                        required=False,
                        max_length=200,
                    )
                elif part == "child":
                    field = forms.ChoiceField(
                        label=label,
                        required=False,
                        choices=[("", "Choose")] + [(str(c.pk), c.full_name) for c in children],
                    )
                else:
                    field = PROTECTION_ACTION.fields[ROW_PARTS[part]].form_field()
                self.fields[name] = field
        self._row_index: list[int] = []

    def action_row_fields(self):
        def parts(i):
            for part in self.ACTION_PARTS:
                yield self[f"action_{i}_{part}"]
                if part == "owner":
                    yield self[f"action_{i}_owner_name"]

        return [{"number": i + 1, "fields": list(parts(i))} for i in range(self.action_row_count)]

    def _owner_by_name(self, i: int, cleaned) -> None:
        """An owner typed by name is found in the whole directory: exactly one match, or a clear error."""
        from safeguard.directory.selectors import practitioner_search

        name = (cleaned.get(f"action_{i}_owner_name") or "").strip()
        if not name or cleaned.get(f"action_{i}_owner"):
            return
        total, found = practitioner_search(q=name, limit=2)
        if total == 1:
            cleaned[f"action_{i}_owner"] = str(found[0].practitioner.pk)
        elif total == 0:
            self.add_error(f"action_{i}_owner_name", f"No one in the directory matches '{name}'")
        else:
            self.add_error(
                f"action_{i}_owner_name", f"{total} people in the directory match '{name}': add their team or agency"
            )

    def clean_action_rows_(self, cleaned) -> None:
        for i in range(self.action_row_count):
            self._owner_by_name(i, cleaned)
            names = {part: f"action_{i}_{part}" for part in self.ACTION_PARTS}
            if any(n in self.errors for n in [*names.values(), f"action_{i}_owner_name"]):
                continue
            values = {part: cleaned.get(n) for part, n in names.items()}
            if not any(values.values()):
                continue
            for part, value in values.items():
                if not value:
                    self.add_error(names[part], self.ROW_ERRORS[part])

    def action_rows_data(self) -> list[dict]:
        """The filled rows in the service's shape; remembers which form row each came from."""
        d, out, self._row_index = self.cleaned_data, [], []
        for i in range(self.action_row_count):
            values = {part: d.get(f"action_{i}_{part}") for part in self.ACTION_PARTS}
            if not any(values.values()):
                continue
            row = {
                "description": values.get("description") or "",
                "owner_id": values.get("owner") or None,
                "due_on": values.get("due_on"),
            }
            if "child" in values:
                row["child_id"] = values.get("child") or None
            if "measure" in values:
                row["measure_of_success"] = values.get("measure") or ""
            out.append(row)
            self._row_index.append(i)
        return out

    def map_action_errors(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """Turn the service's `actions[k].owner_id` into this form's `action_<row>_owner`."""
        mapped: dict[str, list[str]] = {}
        for key, messages in errors.items():
            m = re.match(r"actions\[(\d+)\]\.(\w+)", key)
            if m and int(m.group(1)) < len(self._row_index) and m.group(2) in self.SERVICE_PART:
                key = f"action_{self._row_index[int(m.group(1))]}_{self.SERVICE_PART[m.group(2)]}"
            elif key == "actions":
                key = "action_0_description"
            mapped.setdefault(key, []).extend(messages)
        return mapped


def action_rows_requested(data) -> int:
    """How many action rows to show: the posted count, plus one when "Add another action" was pressed."""
    try:
        rows = int(data.get("action_rows") or DEFAULT_ACTION_ROWS)
    except (TypeError, ValueError):
        rows = DEFAULT_ACTION_ROWS
    if data.get("add_action"):
        rows += 1
    return max(1, min(rows, MAX_ACTION_ROWS))

