"""The one GOV.UK date input (day, month, year) every page uses to ask for a date.

    from safeguard.web.dates import DateInputField
    date_of_birth = DateInputField(label="Date of birth", required=False, past=True, bday=True)
    held_on = DateInputField(label="Date held", past=True)   # "Date held must be today or in the past"
    # and in the form's __init__, when the date must follow another one:
    self.fields["held_on"].not_before(strategy_discussion_on, "the strategy discussion")

It is validated on the page where it is entered, with the Design System's messages ("Date of birth
must include a month", "Date of birth must be a real date", "Date of birth must be today or in the
past"), and only the boxes that are wrong are highlighted. Rendered by components/field.html
(the `govuk_field` tag): any MultiWidget is drawn as the GOV.UK date input.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms

from safeguard.core.inputs import date_problem, real_date_message

PARTS = ("day", "month", "year")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named <field>_day, <field>_month, <field>_year (numeric keyboard on phones)."""

    def __init__(self, attrs=None, *, bday: bool = False):
        widgets = {}
        for part in PARTS:
            part_attrs = {"inputmode": "numeric"}
            if bday:
                part_attrs["autocomplete"] = f"bday-{part}"
            widgets[part] = forms.TextInput(attrs=part_attrs)
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = (attrs or {}).get("id") or self.attrs.get("id")
        if base:  # id_held_on_day rather than id_held_on_0, so a link to the day box reads as one
            for part, sub in zip(PARTS, context["widget"]["subwidgets"], strict=True):
                sub["attrs"]["id"] = f"{base}_{part}"
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_

    def decompress(self, value):
        if isinstance(value, str) and value:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and data.get(name):  # an ISO date posted to the field's own name (API, old links)
            return self.decompress(data.get(name))
        return parts


def _what(label: str) -> str:
    """The thing being asked for, as it reads in a message: "Date of birth (if known)" -> "Date of birth"."""
    return re.sub(r"\s*\(.*?\)\s*$", "", str(label)).strip() or "Date"


class DateInputField(forms.MultiValueField):
    """A date asked for as day, month and year, answering with a `date` or None.

    past:   the date must be today or in the past (dates of birth, events, meetings held).
    future: the date must be today or in the future (reviews, due dates, meetings scheduled).
    not_before(day, reason) / not_after(day, reason): a bound set by the form, e.g. a conference
    cannot be before its strategy discussion.
    """

    widget = DateInputWidget

    def __init__(
        self,
        *,
        label: str,
        required: bool = True,
        past: bool = False,
        future: bool = False,
        bday: bool = False,
        what: str = "",
        required_message: str = "",
        **kwargs,
    ):
        self.what = what or _what(label)
        self.past, self.future = past, future
        self.earliest: tuple[date, str] | None = None
        self.latest: tuple[date, str] | None = None
        self.required_message = required_message or f"Enter {self.what[0].lower() + self.what[1:]}"
        fields = [forms.CharField(required=False) for _ in PARTS]
        super().__init__(
            fields,
            label=label,
            required=required,
            require_all_fields=False,
            widget=DateInputWidget(bday=bday),
            **kwargs,
        )

    def not_before(self, day: date | None, reason: str = "") -> None:
        self.earliest = (day, reason) if day else None

    def not_after(self, day: date | None, reason: str = "") -> None:
        self.latest = (day, reason) if day else None

    def _error(self, message: str, code: str, parts=PARTS) -> forms.ValidationError:
        return forms.ValidationError(message, code=code, params={"parts": list(parts)})

    def clean(self, value):
        if not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        raw = {part: (str(v).strip() if v is not None else "") for part, v in zip(PARTS, value, strict=False)}
        given = [p for p in PARTS if raw[p]]
        if not given:
            if self.required:
                raise self._error(self.required_message, "required")
            return None
        missing = [p for p in PARTS if not raw[p]]
        if missing:
            words = " and ".join(missing) if len(missing) == 2 else missing[0]
            raise self._error(f"{self.what} must include a {words}", "incomplete", missing)
        day_text, month_text, year_text = raw["day"], raw["month"], raw["year"]
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
        if not day_text.isdigit() or month is None or not year_text.isdigit():
            wrong = [p for p, ok in (("day", day_text.isdigit()), ("month", month is not None),
                                     ("year", year_text.isdigit())) if not ok]  # fmt: skip
            raise self._error(real_date_message(self.what), "invalid", wrong)
        if len(year_text) != 4:
            raise self._error("Year must include 4 numbers", "invalid", ["year"])
        try:
            result = date(int(year_text), month, int(day_text))
        except ValueError:
            raise self._error(real_date_message(self.what), "invalid") from None
        problem = date_problem(
            result, what=self.what, past=self.past, future=self.future, earliest=self.earliest, latest=self.latest
        )
        if problem:
            raise self._error(problem, "out_of_range")
        return result

    def compress(self, data_list):  # clean() does the work; kept for MultiValueField's contract
        return data_list

    def has_changed(self, initial, data):
        return self.widget.decompress(initial) != list(data or [None, None, None])


def error_parts(bound_field) -> set[str]:
    """Which of day/month/year the field's errors are about (all three when not said)."""
    parts: set[str] = set()
    for error in bound_field.errors.as_data():
        params = error.params or {}
        parts.update(params.get("parts") or PARTS)
    return parts
