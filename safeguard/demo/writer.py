"""Batched inserts for generated rows: one `executemany` per model and batch, no per-row queries.

`bulk_create` prepares every field of every object through the model layer; at a million
children that was most of the run. This writer converts only the fields whose database form
differs from the Python value (UUIDs, dates and times, JSON), using the fields' own
`get_db_prep_save`, so it stays correct on SQLite and PostgreSQL alike. It sends no signals and
writes no audit entries: seeding is not a practitioner's access.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.db import connections
from django.db.models import AutoField, BigAutoField

from safeguard.demo.generator import FamilyRows

CONVERTED_TYPES = frozenset({"UUIDField", "DateField", "DateTimeField", "JSONField", "DecimalField"})
DEFAULT_BATCH_SIZE = 5000


class _Table:
    def __init__(self, model, connection, now: datetime):
        self.model = model
        self.columns: list[tuple[str, object | None, object | None]] = []  # (attname, converter, fixed value)
        quote = connection.ops.quote_name
        names = []
        for field in model._meta.concrete_fields:
            if isinstance(field, AutoField | BigAutoField):
                continue  # the database numbers these rows
            target = field.target_field if field.is_relation else field
            converter = None
            if target.get_internal_type() in CONVERTED_TYPES:
                converter = partial(field.get_db_prep_save, connection=connection)
            fixed = None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                fixed = field.get_db_prep_save(now, connection=connection)
            self.columns.append((field.attname, converter, fixed))
            names.append(quote(field.column))
        placeholders = ", ".join(["%s"] * len(names))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(names)}) VALUES ({placeholders})"  # noqa: S608 - names from model metadata, quoted

    def row(self, obj) -> tuple:
        values = obj.__dict__
        out = []
        for attname, converter, fixed in self.columns:
            if fixed is not None:
                out.append(fixed)
            elif converter is None:
                out.append(values[attname])
            else:
                value = values[attname]
                out.append(None if value is None else converter(value))
        return tuple(out)


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
                    cursor.executemany(table.sql, [table.row(obj) for obj in chunk])
                self.counts[name] += len(buffer)
                buffer.clear()
