"""A bulk load's tables without their secondary indexes and foreign keys, restored and validated
before the load commits (PostgreSQL).

COPY into a table that carries its secondary indexes updates every b-tree row by row, and each
row under a deferred foreign key queues a check that the commit then runs one at a time (about
15 million of them for a million children: minutes on their own). Building each index once after
the load and adding each foreign key back as one validating join is the same guarantee for a
fraction of the work. All of it happens inside the load's own transaction: if anything fails,
PostgreSQL's transactional DDL puts every index and constraint back with the rollback, and nothing
is committed until each one is back *and* validated (checked against the catalog as it was).

Primary keys, unique and check constraints stay in place (other tables' foreign keys lean on the
keys, and they are cheap per row); so do the indexes that back a constraint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import OperationalError, connections, transaction

#: Memory for each index build, for this transaction only (the default 64 MB spills a million-row
#: sort to disk).
MAINTENANCE_WORK_MEM = "256MB"

_INDEXES = """
    SELECT c.relname, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indisvalid
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' {tables}
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
"""
_CONSTRAINTS = """
    SELECT c.relname, quote_ident(k.conname), k.contype, pg_get_constraintdef(k.oid), k.convalidated
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = current_schema()::regnamespace {tables}
"""


class ConstraintsNotRestored(RuntimeError):
    """An index or constraint set aside for the load is not back as it was: the load must not commit."""


@dataclass(frozen=True, order=True)
class CatalogEntry:
    """One index or constraint as the catalog describes it (`kind`: index, or the constraint type)."""

    table: str
    kind: str
    name: str
    definition: str
    valid: bool


def catalog(tables: list[str] | None = None, *, using: str = "default") -> set[CatalogEntry]:
    """Every index and constraint of these tables (all of the schema's tables when None).

    Indexes that back a constraint appear as their constraint. PostgreSQL only."""
    connection = connections[using]
    only = "AND c.relname = ANY(%s)" if tables is not None else ""
    params = [list(tables)] if tables is not None else []
    entries: set[CatalogEntry] = set()
    with connection.cursor() as cursor:
        cursor.execute(_INDEXES.format(tables=only), params)
        entries.update(CatalogEntry(t, "index", n, d, v) for t, n, d, v in cursor.fetchall())
        cursor.execute(_CONSTRAINTS.format(tables=only), params)
        entries.update(CatalogEntry(t, kind, n, d, v) for t, n, kind, d, v in cursor.fetchall())
    return entries


def _execute(cursor, statement: str) -> None:
    """One DDL statement of the restore (a seam for the test that leaves one out)."""
    cursor.execute(statement)


@dataclass
class SetAside:
    """The tables of one bulk load whose secondary indexes and foreign keys are dropped until `restore`.

    `add` a table before the first row goes into it; it is refused (and the table keeps its
    indexes and constraints) when the transaction already has pending checks on it. `restore` must
    run in the same transaction, after the last row."""

    using: str = "default"
    before: set[CatalogEntry] = field(default_factory=set)
    tables: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # tables whose drop was refused
    seconds: float = 0.0  # spent restoring

    @property
    def enabled(self) -> bool:
        return connections[self.using].vendor == "postgresql"

    def add(self, table: str) -> None:
        if not self.enabled or table in self.tables or table in self.kept:
            return
        connection = connections[self.using]
        entries = catalog([table], using=self.using)
        quote = connection.ops.quote_name
        statements = [f"DROP INDEX {e.name}" for e in entries if e.kind == "index"]
        statements += [f"ALTER TABLE {quote(table)} DROP CONSTRAINT {e.name}" for e in entries if e.kind == "f"]
        try:
            with transaction.atomic(using=self.using), connection.cursor() as cursor:
                # Run the checks already queued (the partnership's few rows) now: PostgreSQL will not drop a
                # foreign key whose referenced table still has checks pending. (Every foreign key here is
                # deferrable and initially deferred, as Django makes them; the second statement restores that.)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for statement in statements:
                    cursor.execute(statement)
        except OperationalError:  # "pending trigger events": rows already written here in this transaction
            self.kept.append(table)
            return
        self.tables.append(table)
        self.before |= entries

    def restore(self) -> None:
        """Build the indexes, add the foreign keys back (each validated against every row), then check
        the catalog holds exactly what it held before; raises ConstraintsNotRestored otherwise."""
        if not self.tables:
            return
        started = time.monotonic()
        connection = connections[self.using]
        quote = connection.ops.quote_name
        now = catalog(self.tables, using=self.using)
        missing = sorted(self.before - now)
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            for entry in missing:
                if entry.kind == "index":
                    _execute(cursor, entry.definition)
            for entry in missing:
                if entry.kind == "f":
                    # Without NOT VALID, so PostgreSQL checks every existing row (one join) before it returns.
                    _execute(cursor, f"ALTER TABLE {quote(entry.table)} ADD CONSTRAINT {entry.name} {entry.definition}")
            cursor.execute("RESET maintenance_work_mem")
        after = catalog(self.tables, using=self.using)
        if after != self.before:
            lost = sorted(self.before - after)
            extra = sorted(after - self.before)
            raise ConstraintsNotRestored(
                "Not restored as before the load: "
                + "; ".join(f"{e.table}.{e.name}" for e in lost)
                + (" (unexpected: " + "; ".join(f"{e.table}.{e.name}" for e in extra) + ")" if extra else "")
            )
        self.seconds = time.monotonic() - started
