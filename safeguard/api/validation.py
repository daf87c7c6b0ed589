"""One validation layer in front of every router: input no schema can be trusted to refuse.

The JSON parser and an operation decorator (both installed on the whole API, so no router can
forget them) refuse, with the field's path, before any service or database sees it:
- text the database cannot store or should not hold: a NUL byte (PostgreSQL refuses it), a lone
  surrogate (not encodable as UTF-8), or more than ``MAX_TEXT_CHARS`` characters in one value;
- dates and times outside ``MIN_YEAR``..``MAX_YEAR`` (``0001-01-01`` overflows time-zone
  conversion; no safeguarding record is that old), and dates sent as numbers (pydantic would read
  ``1.5e-164`` as 1 January 1970);
- whole numbers a database integer cannot hold (``offset=99999999999999999999``).
Per-field limits (a column's length, a code list) stay with the service that owns the write, with
``core.signals`` as the net under every save.
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from ninja.parser import Parser
from pydantic import BaseModel

MAX_TEXT_CHARS = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2199
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

_RAW_BODY = "_safeguard_json_body"


def too_long_message(limit: int) -> str:
    return f"Enter no more than {limit:,} characters"


def text_problem(value: str, *, limit: int = MAX_TEXT_CHARS) -> str | None:
    """Why a piece of text cannot be accepted, or None. Shared with the web forms and the model net."""
    if "\x00" in value:
        return "Remove the null character (\\0): it is not allowed in text"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Remove the character that is not valid text (a lone surrogate)"
    if len(value) > limit:
        return too_long_message(limit)
    return None


def date_problem(value: date) -> str | None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"Enter a date between {MIN_YEAR} and {MAX_YEAR}"
    return None


def _error(loc: tuple, message: str) -> dict:
    return {"loc": loc, "type": "safeguard_input", "msg": message}


def _walk_raw(value: Any, loc: tuple, errors: list[dict]) -> None:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            errors.append(_error(loc, problem))
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key, limit=200)
            if problem:
                errors.append(_error((*loc, "<key>"), problem))
            else:
                _walk_raw(item, (*loc, key), errors)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk_raw(item, (*loc, i), errors)
    elif isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        errors.append(_error(loc, "Enter a smaller number"))


class InvalidInputError(ValueError):
    """Raised by the parser; ninja wraps parser errors as a 400 whose cause is this."""

    def __init__(self, errors: list[dict]):
        super().__init__("invalid input")
        self.errors = errors


class SafeguardParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict:
        data = json.loads(request.body)
        errors: list[dict] = []
        _walk_raw(data, ("body",), errors)
        if errors:
            raise InvalidInputError(errors)
        setattr(request, _RAW_BODY, data)
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest) -> dict:
        errors: list[dict] = []
        for key in data:
            for item in data.getlist(key):
                problem = text_problem(item, limit=2_000)
                if problem:
                    errors.append(_error(("query", key), problem))
        if errors:
            raise ValidationError(errors)
        return super().parse_querydict(data, list_fields, request)


def _walk_validated(value: Any, raw: Any, loc: tuple, errors: list[dict]) -> None:
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            sub_raw = raw.get(key, raw.get(name)) if isinstance(raw, dict) else None
            _walk_validated(getattr(value, name), sub_raw, (*loc, key), errors)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _walk_validated(item, raw[i] if isinstance(raw, list) and i < len(raw) else None, (*loc, i), errors)
    elif isinstance(value, dict):
        for k, item in value.items():
            _walk_validated(item, raw.get(k) if isinstance(raw, dict) else None, (*loc, k), errors)
    elif isinstance(value, date):  # datetime is a date too
        if raw is not None and not isinstance(raw, str):
            kind = "date and time, like 2026-03-27T14:30:00" if isinstance(value, datetime) else "date, like 2015-03-27"
            errors.append(_error(loc, f"Enter a real {kind}"))
        else:
            problem = date_problem(value)
            if problem:
                errors.append(_error(loc, problem))
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem:
            errors.append(_error(loc, problem))
    elif isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        errors.append(_error(loc, "Enter a smaller number"))


def check_validated_values(view):
    """Operation decorator: checks what pydantic accepted (dates, numbers, text from any source)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        errors: list[dict] = []
        raw_body = getattr(request, _RAW_BODY, None)
        models = [k for k, v in kwargs.items() if isinstance(v, BaseModel)]
        for name, value in kwargs.items():
            if isinstance(value, BaseModel):
                raw = raw_body
                if len(models) > 1 and isinstance(raw_body, dict) and name in raw_body:
                    raw = raw_body[name]
                _walk_validated(value, raw, ("body",), errors)
            else:
                # Path and query values arrive as text: no number-as-date question here.
                _walk_validated(value, None, ("query", name), errors)
        if errors:
            raise ValidationError(errors)
        return view(request, *args, **kwargs)

    return wrapper
