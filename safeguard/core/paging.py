"""Keyset paging for lists that can grow: one query per page whatever the page number.

A page is the `size` rows after a cursor in a fixed order that ends with the primary key (so it is
total). The cursor is an opaque token holding the last row's ordering values; a bad or stale token
gives the first page rather than an error, because it only ever comes back from our own links.
Offset paging (`LIMIT … OFFSET n`) reads and throws away n rows, and a page count needs a full
`COUNT(*)`: both grow with the table, which is what this avoids.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from typing import Any

from django.db.models import Q, QuerySet

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclasses.dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    is_first: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_size(requested: Any, default: int = DEFAULT_PAGE_SIZE) -> int:
    """A page size from a query parameter: within 1..MAX_PAGE_SIZE, the default when absent or bad."""
    try:
        size = int(requested)
    except (TypeError, ValueError):
        return default
    return max(1, min(size, MAX_PAGE_SIZE))


def _field(qs: QuerySet, name: str):
    """The model field, or the annotation's output field, that an ordering name refers to."""
    if name == "pk":
        return qs.model._meta.pk
    if name in qs.query.annotations:
        return qs.query.annotations[name].output_field
    return qs.model._meta.get_field(name)


def _attname(qs: QuerySet, name: str) -> str:
    if name == "pk":
        return "pk"
    if name in qs.query.annotations:
        return name
    return qs.model._meta.get_field(name).attname


def _row_value(qs: QuerySet, row, name: str):
    """An ordering value of a row: a model instance, or a dict from `.values()` (keyed by the names
    it was asked for, so an ordering name or its column name)."""
    if isinstance(row, dict):
        return row[name] if name in row else row[_attname(qs, name)]
    return getattr(row, _attname(qs, name))


def _encode(values: list) -> str:
    raw = json.dumps([None if v is None else str(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(qs: QuerySet, fields: list[str], cursor: str) -> list | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(fields):
        return None
    try:
        return [None if v is None else _field(qs, f).to_python(v) for f, v in zip(fields, values, strict=True)]
    except Exception:  # noqa: BLE001 - a tampered or stale cursor: start again from the first page
        return None


def _after(fields: list[str], descending: list[bool], values: list) -> Q:
    """Rows strictly after `values` in the order (a, b, …): a > va, or a = va and b > vb, …"""
    q = Q(pk__in=[])
    equal = Q()
    for name, desc, value in zip(fields, descending, values, strict=True):
        q |= equal & Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        equal &= Q(**{name: value})
    return q


def keyset_page(qs: QuerySet, *, order: tuple[str, ...], cursor: str | None = None,
                size: int = DEFAULT_PAGE_SIZE) -> KeysetPage:
    """The page of `qs` after `cursor`, in `order` (field or annotation names, "-" for descending; must
    end in "pk" or a unique field). Ordering values must not be null. `qs` may be a `.values()`
    queryset that includes the ordering fields (flat rows for lists that show no model behaviour)."""
    fields = [o.lstrip("-") for o in order]
    descending = [o.startswith("-") for o in order]
    qs = qs.order_by(*order)
    values = _decode(qs, fields, cursor) if cursor else None
    if values is not None:
        qs = qs.filter(_after(fields, descending, values))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = _encode([_row_value(qs, last, f) for f in fields])
    return KeysetPage(items=rows, next_cursor=next_cursor, is_first=values is None)


def page_list(items: list, *, key, cursor: str | None = None, size: int = DEFAULT_PAGE_SIZE) -> KeysetPage:
    """Keyset paging over a list already computed in order of `key` (a tuple of strings per item),
    for reads that are not one queryset (statutory clocks worked out from several tables)."""
    after = None
    if cursor:
        try:
            after = tuple(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))
        except (binascii.Error, ValueError, UnicodeDecodeError, TypeError):
            after = None
    start = 0
    if after is not None:
        start = next((i for i, item in enumerate(items) if key(item) > after), len(items))
    rows = items[start : start + size]
    next_cursor = None
    if start + size < len(items) and rows:
        raw = json.dumps(list(key(rows[-1])), separators=(",", ":"))
        next_cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return KeysetPage(items=rows, next_cursor=next_cursor, is_first=after is None)
