"""Batched inserts for generated rows: one `executemany` per model and batch, no per-row queries.

`bulk_create` prepares every field of every object through the model layer; at a million
children that was most of the run. This writer converts only the fields whose database form
differs from the Python value (UUIDs, dates and times, JSON), using the fields' own
`get_db_prep_save`, so it stays correct on SQLite and PostgreSQL alike. It sends no signals and
writes no audit entries: seeding is not a practitioner's access.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from operator import itemgetter

from django.db import connections
from django.db.models import AutoField, BigAutoField

from safeguard.demo.generator import FamilyRows

CONVERTED_TYPES = frozenset({"UUIDField", "DateField", "DateTimeField", "JSONField", "DecimalField"})
DEFAULT_BATCH_SIZE = 5000


def _uuid_hex(value) -> str:
    return value.hex


def _iso_date(value) -> str:
    return value.isoformat()


def _naive_utc(value) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _converter(field, connection):
    """How a value reaches the database: None when the driver takes the Python value as it is.

    Shortcuts for the common types give exactly what Django's own adapters give (UUIDs as hex and
    dates as ISO text on SQLite, native values on PostgreSQL); anything else goes through the
    field's `get_db_prep_save`.
    """
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if kind not in CONVERTED_TYPES:
        return None
    if kind == "UUIDField":
        return None if connection.features.has_native_uuid_field else _uuid_hex
    if kind in ("DateField", "DateTimeField") and connection.vendor == "postgresql":
        return None
    if kind == "DateField" and connection.vendor == "sqlite":
        return _iso_date
    if kind == "DateTimeField" and connection.vendor == "sqlite" and connection.timezone_name == "UTC":
        return _naive_utc
    return partial(field.get_db_prep_save, connection=connection)


class _Table:
    def __init__(self, model, connection, now: datetime):
        self.model = model
        quote = connection.ops.quote_name
        attnames, columns = [], []
        self.converters: list[tuple[int, object]] = []  # (position, converter)
        self.fixed: list[tuple[int, object]] = []  # (position, value) for auto_now fields
        for field in model._meta.concrete_fields:
            if isinstance(field, AutoField | BigAutoField):
                continue  # the database numbers these rows
            position = len(attnames)
            attnames.append(field.attname)
            columns.append(quote(field.column))
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.fixed.append((position, field.get_db_prep_save(now, connection=connection)))
                continue
            converter = _converter(field, connection)
            if converter is not None:
                self.converters.append((position, converter))
        self._values = itemgetter(*attnames)
        placeholders = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names from model metadata, quoted

    def rows(self, objects) -> list[list]:
        values = self._values
        converters = self.converters
        fixed = self.fixed
        out = []
        for obj in objects:
            row = list(values(obj.__dict__))
            for position, converter in converters:
                value = row[position]
                if value is not None:
                    row[position] = converter(value)
            for position, value in fixed:
                row[position] = value
            out.append(row)
        return out


class BulkWriter:
    """Collects FamilyRows and writes them in batches, parents before children."""

    def __init__(self, *, now: datetime, using: str = "default", batch_size: int = DEFAULT_BATCH_SIZE):
        self.connection = connections[using]
        self.batch_size = batch_size
        self.now = now
        self.buffers: dict[str, list] = {name: [] for name in FamilyRows.FIELDS}
        self.tables: dict[str, _Table] = {}
        self.counts: dict[str, int] = dict.fromkeys(FamilyRows.FIELDS, 0)

    def add(self, rows: FamilyRows) -> None:
        full = False
        for name in FamilyRows.FIELDS:
            items = getattr(rows, name)
            if items:
                buffer = self.buffers[name]
                buffer.extend(items)
                full = full or len(buffer) >= self.batch_size
        if full:
            self.flush()

    def add_all(self, families: Iterable[FamilyRows]) -> None:
        for rows in families:
            self.add(rows)
        self.flush()

    def flush(self) -> None:
        with self.connection.cursor() as cursor:
            for name in FamilyRows.FIELDS:
                buffer = self.buffers[name]
                if not buffer:
                    continue
                table = self.tables.get(name)
                if table is None:
                    table = self.tables[name] = _Table(type(buffer[0]), self.connection, self.now)
                for start in range(0, len(buffer), self.batch_size):
                    chunk = buffer[start : start + self.batch_size]
                    cursor.executemany(table.sql, table.rows(chunk))
                self.counts[name] += len(buffer)
                buffer.clear()
