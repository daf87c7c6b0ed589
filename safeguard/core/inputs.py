"""One input definition per write: its fields, bounds, code lists, date rules and messages, written
once, from which come both the API's request schema and the web form's fields.

    CONTACT_DECISION = Input(
        "ContactDecisionIn",
        outcome=Code(Outcome, label="Decision", required=DECISION_OUTCOME_REQUIRED),
        rationale=Text(label="Reasons for the decision", required=DECISION_RATIONALE_REQUIRED, rows=5),
    )
    ContactDecisionIn = CONTACT_DECISION.schema          # the ninja request body (a component name)
    class DecisionForm(CONTACT_DECISION.form()): ...     # the page's form, GOV.UK widgets kept

Why this shape: neither side can be derived well from the other. A Django form cannot describe
JSON (lists of objects, documented enums); a pydantic model knows nothing of widgets, the GOV.UK
date input or Django's error codes, and reports an absent field as "Field required" before any
validator runs. So each field is a small spec that builds both: a Django field whose
`error_messages` are the spec's messages, and a pydantic annotation whose validator raises the same
messages (a missing required field is passed to that validator as `MISSING`, so it answers with the
field's own words, not pydantic's). The service stays the only place that decides (rules across
fields, records, permissions); a definition only says what a well-formed answer looks like, so a bad
value gets the same field-level message from the page and from the API.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time
from enum import Enum
from typing import Annotated, Any

from django import forms
from django.utils import timezone
from pydantic import Field, TypeAdapter, ValidationError, WrapValidator, create_model, model_validator
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from safeguard.api.problems import PYDANTIC_MESSAGES
from safeguard.api.schemas import StrictSchema
from safeguard.api.validation import MAX_TEXT_CHARS, too_long_message

ERROR_TYPE = "safeguard_input"  # the API's problem handler shows `msg` for this type as it is


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError(ERROR_TYPE, message)


def sentence_start(what: str) -> str:
    return what[0].lower() + what[1:] if what else what


def code_list_description(codes: type[Enum], intro: str = "") -> str:
    """The codes with their labels, for the document (the enum lists the codes; this says what each means)."""
    listed = "; ".join(f"`{c.value}` {c.label}" for c in codes)  # type: ignore[attr-defined]
    return f"{intro} Codes: {listed}.".strip()


def code_out(codes: type[Enum], *, blank: bool = False, description: str = "") -> Any:
    """A field holding a code from a code list, documented as its enum (not a plain string).

    Documentation only: a response is what the service stored, so it is not re-validated here; a
    request field typed with it is still checked by the service that owns the code list."""
    values = [c.value for c in codes] + ([""] if blank else [])
    schema = {"type": "string", "enum": values, "description": code_list_description(codes, description)}
    return Annotated[str, WithJsonSchema(schema)]


def model_code(model: Any, field_name: str, *, blank: bool | None = None) -> Any:
    """`code_out` for the code list a model field stores (blank allowed when the column allows it)."""
    field = model._meta.get_field(field_name)
    base = getattr(field, "base_field", field)
    pairs = [(str(value), str(label)) for value, label in base.choices]
    allow_blank = base.blank if blank is None else blank
    listed = "; ".join(f"`{value}` {label}" for value, label in pairs)
    values = [value for value, _label in pairs] + ([""] if allow_blank else [])
    return Annotated[str, WithJsonSchema({"type": "string", "enum": values, "description": f"Codes: {listed}."})]


def date_problem(
    day: date,
    *,
    what: str,
    past: bool = False,
    future: bool = False,
    earliest: tuple[date, str] | None = None,
    latest: tuple[date, str] | None = None,
) -> str | None:
    """Why a real date cannot be accepted, in the GOV.UK date input's words (pages and API alike)."""
    from safeguard.web.presenters import date_in_words

    today = timezone.localdate()
    if past and day > today:
        return f"{what} must be today or in the past"
    if future and day < today:
        return f"{what} must be today or in the future"
    for bound, after in ((earliest, True), (latest, False)):
        if bound and bound[0] and (day < bound[0] if after else day > bound[0]):
            when = f"{bound[1]} ({date_in_words(bound[0])})" if bound[1] else date_in_words(bound[0])
            return f"{what} must be the same as or {'after' if after else 'before'} {when}"
    return None


def real_date_message(what: str) -> str:
    return f"{what} must be a real date"


class Spec:
    """One field of an input definition. Subclasses build the form field and the schema annotation."""

    python_type: Any = str
    empty: Any = ""
    nullable = False  # whether null stands for "not given" (dates, ids, yes/no); text and codes use ""

    def __init__(
        self,
        *,
        label: str,
        required: str | bool = False,
        help_text: str = "",
        description: str = "",
        default: Any = MISSING,
    ):
        """`default`: the API may leave the field out and gets this value; the page still asks (with it
        ticked or chosen to start with), so an answer is never assumed without being shown."""
        self.label = label
        self.required = bool(required)
        self.default = default
        self.required_message = required if isinstance(required, str) else f"Enter {sentence_start(label)}"
        self.help_text = help_text
        self.description = description

    # The page
    def form_field(self) -> forms.Field:
        raise NotImplementedError

    def _form_kwargs(self) -> dict:
        kwargs = {"label": self.label, "required": self.required, "help_text": self.help_text}
        if self.default is not MISSING:
            kwargs["initial"] = self.default
        return kwargs

    @property
    def api_required(self) -> bool:
        return self.required and self.default is MISSING

    # The API
    def parse(self, value: Any, handler) -> Any:
        """A present, non-empty value, checked; raise `_refuse(message)` when it is not acceptable."""
        try:
            return handler(value)
        except ValidationError:
            raise _refuse(self.invalid_message) from None

    @property
    def invalid_message(self) -> str:
        return self.required_message

    def is_empty(self, value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip()) or value == []

    def _validate(self, value: Any, handler) -> Any:
        if value is None and not self.nullable:
            raise _refuse(self.invalid_message)
        if value is MISSING and self.default is not MISSING:
            return self.default
        if value is MISSING or self.is_empty(value):
            if self.required:
                raise _refuse(self.required_message)
            return self.empty
        return self.parse(value, handler)

    def annotation(self) -> Any:
        json_schema = self.json_schema()
        optional = self.nullable and not self.api_required and self.default is MISSING
        if optional:
            # An optional date, time, id or yes/no may be left out, sent as null or sent as "" (what a
            # blank box sends): all three mean "not given", and the document says so.
            given = json_schema or TypeAdapter(self.python_type).json_schema()
            json_schema = {"anyOf": [given, {"type": "string", "enum": [""]}, {"type": "null"}]}
        extra = [WithJsonSchema(json_schema)] if json_schema else []
        python_type = self.python_type | None if optional else self.python_type
        return Annotated[python_type, WrapValidator(self._validate), *extra]

    def json_schema(self) -> dict | None:
        return None

    def field_info(self) -> Any:
        description = self.description or self.help_text or None
        if self.default is not MISSING:
            return Field(self.default, description=description)
        if self.required:
            return Field(..., description=description)
        if isinstance(self.empty, list):
            return Field(default_factory=list, description=description)
        return Field(self.empty, description=description)


class Text(Spec):
    """Free text, stripped. `rows` makes it a textarea on the page."""

    def __init__(
        self, *, max_length: int = MAX_TEXT_CHARS, min_length: int = 0, too_short: str = "", rows: int = 0, **kw
    ):
        super().__init__(**kw)
        self.max_length, self.min_length, self.rows = max_length, min_length, rows
        self.too_long = (
            too_long_message(max_length)  # the bound on any text, checked as the body is read
            if max_length >= MAX_TEXT_CHARS
            else f"{self._what()} must be {max_length:,} characters or fewer"
        )
        # Too short to be an answer (a service asks for a reason of some length) reads as not answered.
        self.too_short = too_short or (
            self.required_message if isinstance(kw.get("required"), str) else f"{self._what()} is too short"
        )

    def _what(self) -> str:
        return self.label.rstrip("?").strip()

    def form_field(self) -> forms.Field:
        messages = {"required": self.required_message, "max_length": self.too_long, "min_length": self.too_short}
        widget = forms.Textarea(attrs={"rows": self.rows}) if self.rows else None
        return forms.CharField(
            **self._form_kwargs(),
            max_length=self.max_length,
            min_length=self.min_length or None,
            widget=widget,
            error_messages=messages,
        )

    @property
    def invalid_message(self) -> str:
        return "Enter text"

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, str):
            raise _refuse(self.invalid_message)
        value = value.strip()
        if len(value) > self.max_length:
            raise _refuse(self.too_long)
        if len(value) < self.min_length:
            raise _refuse(self.too_short)
        return value

    def json_schema(self) -> dict:
        schema = {"type": "string", "maxLength": self.max_length}
        if self.required or self.min_length:
            schema["minLength"] = max(1, self.min_length) if self.required else self.min_length
        return schema


class Code(Spec):
    """One code from a code list (a TextChoices): documented as an enum, offered as radios or a select."""

    def __init__(self, codes: type[Enum], *, invalid: str = "", widget: str = "radios", placeholder: str = "", **kw):
        super().__init__(**kw)
        self.codes = codes
        self.values = [c.value for c in codes]
        self._invalid = invalid
        self.widget, self.placeholder = widget, placeholder

    @property
    def invalid_message(self) -> str:
        return self._invalid or self.required_message

    def choices(self) -> list[tuple[str, str]]:
        return [(c.value, c.label) for c in self.codes]  # type: ignore[attr-defined]

    def form_field(self) -> forms.Field:
        choices = self.choices()
        if self.widget == "select" or self.placeholder:
            choices = [("", self.placeholder or "Select one")] + choices
        widget = forms.RadioSelect if self.widget == "radios" else forms.Select
        messages = {"required": self.required_message, "invalid_choice": self.invalid_message}
        return forms.ChoiceField(**self._form_kwargs(), choices=choices, widget=widget, error_messages=messages)

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, str) or value.strip() not in self.values:
            raise _refuse(self.invalid_message)
        return value.strip()

    def field_info(self) -> Any:  # the description travels in the enum's own schema, with the labels
        if self.default is not MISSING:
            return Field(self.default)
        if self.required:
            return Field(...)
        return Field(default_factory=list) if isinstance(self.empty, list) else Field(self.empty)

    def json_schema(self) -> dict:
        values = self.values if self.required or self.default is not MISSING else [*self.values, ""]
        return {"type": "string", "enum": values, "description": code_list_description(self.codes, self.description)}


class Codes(Code):
    """Any number of codes from one list (checkboxes on the page, a JSON array in the API)."""

    python_type = list[str]

    def __init__(self, codes: type[Enum], **kw):
        kw.setdefault("widget", "checkboxes")
        super().__init__(codes, **kw)
        self.empty = []

    def form_field(self) -> forms.Field:
        messages = {
            "required": self.required_message,
            "invalid_choice": self.invalid_message,
            "invalid_list": self.invalid_message,
        }
        return forms.MultipleChoiceField(
            **self._form_kwargs(), choices=self.choices(), widget=forms.CheckboxSelectMultiple, error_messages=messages
        )

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, list) or any(not isinstance(v, str) or v not in self.values for v in value):
            raise _refuse(self.invalid_message)
        return list(dict.fromkeys(value))

    def json_schema(self) -> dict:
        item = {"type": "string", "enum": self.values}
        schema = {"type": "array", "items": item, "description": code_list_description(self.codes, self.description)}
        if self.required:
            schema["minItems"] = 1
        return schema


#: The hint under a date on the page: the day, month and year boxes of the GOV.UK date input.
DATE_HELP = "For example, 27 3 2026"
#: The fewest characters a reason, finding or summary may have to count as given.
MIN_REASON = 10

_PAGE_DATE_EXAMPLE = re.compile(r"For example, (\d{1,2}) (\d{1,2}) (\d{4})")


def api_date_description(help_text: str) -> str:
    """A date's page hint as the API says it: the API takes an ISO date, not the page's three boxes
    ("For example, 27 3 2026" becomes "An ISO date (YYYY-MM-DD), for example 2026-03-27")."""
    return _PAGE_DATE_EXAMPLE.sub(
        lambda m: f"An ISO date (YYYY-MM-DD), for example {int(m[3]):04}-{int(m[2]):02}-{int(m[1]):02}", help_text
    )


class Day(Spec):
    """A date: the GOV.UK date input on the page, an ISO date in the API, with the same rules."""

    python_type = date
    empty = None
    nullable = True

    def __init__(self, *, past: bool = False, future: bool = False, what: str = "", bday: bool = False, **kw):
        super().__init__(**kw)
        from safeguard.web.dates import _what

        self.what = what or _what(self.label)
        self.description = self.description or api_date_description(self.help_text)
        if not isinstance(kw.get("required"), str):
            self.required_message = f"Enter {sentence_start(self.what)}"
        self.past, self.future, self.bday = past, future, bday

    def form_field(self) -> forms.Field:
        from safeguard.web.dates import DateInputField

        return DateInputField(
            label=self.label,
            required=self.required,
            past=self.past,
            future=self.future,
            bday=self.bday,
            what=self.what,
            required_message=self.required_message,
            help_text=self.help_text,
        )

    @property
    def invalid_message(self) -> str:
        return real_date_message(self.what)

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, str | date):  # a number is not a date (pydantic would read 1.5e-164 as 1970)
            raise _refuse(self.invalid_message)
        day = super().parse(value, handler)
        problem = date_problem(day, what=self.what, past=self.past, future=self.future)
        if problem:
            raise _refuse(problem)
        return day


# Times as people write them: 14:30, 14.30, 2:30pm, 2pm, 10am (spaces and case do not matter); midday, noon.
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p", "%H"]
TIME_HELP = "For example, 10am, 2:30pm or 14:30"
TIME_INVALID = "Enter a real time, like 10am or 2:30pm"


def read_time(text: str) -> time | None:
    """The time of day a person wrote, or None when it is not one."""
    value = (text or "").strip().lower().replace(" ", "")
    if value in ("midday", "noon"):
        value = "12:00"
    value = value.upper() if value.endswith(("am", "pm")) else value
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(value, pattern).time()
        except ValueError:
            continue
    return None


class TimeOfDayField(forms.TimeField):
    """A time box that reads a time as people write it (`read_time`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", TIME_HELP)
        messages = {"invalid": TIME_INVALID, **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=messages, **kwargs)
        # Says what the box holds (a time of day, never a date), so a check of the page can tell.
        self.widget.attrs.setdefault("data-time-of-day", "")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, time):
            return value
        parsed = read_time(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class Time(Spec):
    """A time of day: a text box on the page, a string in the API, read the same way by both
    (14:30 is the documented form; 2:30pm, 10am and midday are read too)."""

    python_type = time
    empty = None
    nullable = True

    def __init__(self, *, invalid: str = TIME_INVALID, **kw):
        kw.setdefault("help_text", TIME_HELP)
        kw.setdefault("description", "Local time: HH:MM on the 24-hour clock (2:30pm, 10am and midday are read too)")
        super().__init__(**kw)
        self._invalid = invalid

    @property
    def invalid_message(self) -> str:
        return self._invalid

    def form_field(self) -> forms.Field:
        messages = {"required": self.required_message, "invalid": self.invalid_message}
        return TimeOfDayField(**self._form_kwargs(), error_messages=messages)

    def parse(self, value: Any, handler) -> Any:
        parsed = read_time(value) if isinstance(value, str) else None
        if parsed is None:
            raise _refuse(self.invalid_message)
        return parsed

    def json_schema(self) -> dict:
        return {"type": "string", "examples": ["14:30"]}


class Choice(Spec):
    """A record chosen from a list the page fills in (a team, a person): an id in the API."""

    python_type: Any = int
    empty = None
    nullable = True

    def __init__(self, *, id_type: type = int, invalid: str = "", widget: str = "select", placeholder: str = "", **kw):
        super().__init__(**kw)
        self.id_type = self.python_type = id_type
        self._invalid = invalid
        self.widget, self.placeholder = widget, placeholder

    @property
    def invalid_message(self) -> str:
        return self._invalid or self.required_message

    def form_field(self) -> forms.Field:
        widget = forms.RadioSelect if self.widget == "radios" else forms.Select
        coerce = int if self.id_type is int else (lambda v: uuid.UUID(str(v)))
        field = forms.TypedChoiceField(
            **self._form_kwargs(),
            coerce=coerce,
            empty_value=None,
            widget=widget,
            error_messages={"required": self.required_message, "invalid_choice": self.invalid_message},
        )
        field.placeholder = self.placeholder  # type: ignore[attr-defined]
        return field


class YesNo(Spec):
    """A yes or no question: radios on the page, true or false in the API."""

    python_type = bool
    empty = None
    nullable = True
    invalid_message = "Select yes or no"

    def form_field(self) -> forms.Field:
        kwargs = self._form_kwargs()
        if "initial" in kwargs:
            kwargs["initial"] = "yes" if kwargs["initial"] else "no"
        return forms.TypedChoiceField(
            **kwargs,
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda v: {"yes": True, "no": False}[v],
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": self.required_message, "invalid_choice": self.invalid_message},
        )

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, bool):
            raise _refuse(self.invalid_message)
        return value


class Flag(Spec):
    """A tick box on the page (ticked means true); true or false in the API, false when left out."""

    python_type = bool
    empty = False
    invalid_message = PYDANTIC_MESSAGES["bool_type"]

    def __init__(self, **kw):
        kw.setdefault("default", False)
        super().__init__(**kw)

    def form_field(self) -> forms.Field:
        kwargs = self._form_kwargs()
        kwargs.pop("initial", None)
        return forms.BooleanField(**kwargs)

    def is_empty(self, value: Any) -> bool:
        return False

    def parse(self, value: Any, handler) -> Any:
        if not isinstance(value, bool):
            raise _refuse(self.invalid_message)
        return value


class InputSchema(StrictSchema):
    """Base of every schema made from an Input: a missing required field reaches its own validator."""

    __input_required__: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _mark_missing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            absent = [name for name in cls.__input_required__ if name not in data]
            if absent:
                data = {**data, **dict.fromkeys(absent, MISSING)}
        return data


class Input:
    """One write's input: named fields, each a Spec. `schema` is its API body, `form()` its page form."""

    def __init__(self, schema_name: str, *, extra: dict[str, tuple[Any, Any]] | None = None, **fields: Spec):
        self.schema_name = schema_name
        self.fields = fields
        self._extra = extra or {}
        self.schema = self._build_schema()

    def _build_schema(self) -> type[InputSchema]:
        definitions: dict[str, Any] = {n: (s.annotation(), s.field_info()) for n, s in self.fields.items()}
        definitions.update(self._extra)
        model = create_model(self.schema_name, __base__=InputSchema, **definitions)
        model.__input_required__ = tuple(n for n, s in self.fields.items() if s.api_required)
        return model

    def form_fields(self, only: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> dict[str, forms.Field]:
        names = only or tuple(self.fields)
        return {name: self.fields[name].form_field() for name in names if name not in exclude}

    def form(self, name: str = "", *, only: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> type[forms.Form]:
        """A Form class with this definition's fields (subclass it for widgets' choices and extra hooks)."""
        fields = self.form_fields(only, exclude)
        return type(name or self.schema_name.removesuffix("In") + "BaseForm", (forms.Form,), fields)


def input_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) for each problem a schema found, named and worded as the API's 422 names them:
    for a service that checks a dict from a page against the same definition (`Schema.model_validate`)."""
    from safeguard.api.problems import field_path

    return [(field_path(e["loc"]), PYDANTIC_MESSAGES.get(e["type"], e["msg"])) for e in exc.errors()]
