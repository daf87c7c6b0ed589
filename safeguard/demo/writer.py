"""Batched inserts for generated rows: one `COPY` (PostgreSQL) or `executemany` (SQLite) per model and
batch, no per-row queries.

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

from django.core.management.color import no_style
from django.db import connections
from django.db.models import AutoField, BigAutoField

from safeguard.demo.constraints import SetAside
from safeguard.demo.rows import FamilyRows

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
    def __init__(self, model, connection, now: datetime, *, numbered: bool = False):
        """`numbered`: the generator gave the auto-incremented key (other rows point at it)."""
        self.model = model
        self.numbered = numbered
        quote = connection.ops.quote_name
        attnames, columns = [], []
        self.converters: list[tuple[int, object]] = []  # (position, converter)
        self.defaults: list[tuple[int, object]] = []  # (position, value) for auto_now fields left empty
        for field in model._meta.concrete_fields:
            if isinstance(field, AutoField | BigAutoField) and not numbered:
                continue  # the database numbers these rows
            position = len(attnames)
            attnames.append(field.attname)
            columns.append(quote(field.column))
            converter = _converter(field, connection)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                # The time of writing, unless the generator gave the moment the record was made.
                self.defaults.append((position, now))
            if converter is not None:
                self.converters.append((position, converter))
        self._values = itemgetter(*attnames)
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({', '.join(columns)}) FROM STDIN"
        placeholders = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names from model metadata, quoted

    def rows(self, objects) -> list[list]:
        values = self._values
        converters = self.converters
        defaults = self.defaults
        out = []
        for obj in objects:
            row = list(values(obj.__dict__))
            for position, value in defaults:
                if row[position] is None:
                    row[position] = value
            for position, converter in converters:
                value = row[position]
                if value is not None:
                    row[position] = converter(value)
            out.append(row)
        return out


class BulkWriter:
    """Collects FamilyRows and writes them in batches, parents before children.

    With `set_aside` (PostgreSQL), each table loses its secondary indexes and foreign keys before its
    first row and gets them back, validated, in `finish`: the caller's transaction must span both."""

    def __init__(self, *, now: datetime, using: str = "default", batch_size: int = DEFAULT_BATCH_SIZE,
                 set_aside: bool = False):
        self.connection = connections[using]
        self.set_aside = SetAside(using=using) if set_aside else None
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
                    model = type(buffer[0])
                    numbered = isinstance(model._meta.pk, AutoField | BigAutoField) and buffer[0].pk is not None
                    table = self.tables[name] = _Table(model, self.connection, self.now, numbered=numbered)
                    if self.set_aside is not None:
                        self.set_aside.add(model._meta.db_table)
                for start in range(0, len(buffer), self.batch_size):
                    chunk = buffer[start : start + self.batch_size]
                    if self.connection.vendor == "postgresql":
                        # COPY: one round trip per batch, no per-row statement.
                        with cursor.cursor.copy(table.copy_sql) as copy:
                            for row in table.rows(chunk):
                                copy.write_row(row)
                    else:
                        cursor.executemany(table.sql, table.rows(chunk))
                self.counts[name] += len(buffer)
                buffer.clear()

    def finish(self) -> None:
        """Write what is left, move the id sequences past keys the generator gave, and restore (and
        validate) whatever was set aside."""
        self.flush()
        models = [t.model for t in self.tables.values() if t.numbered]
        if models:
            with self.connection.cursor() as cursor:
                for sql in self.connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        if self.set_aside is not None:
            self.set_aside.restore()
