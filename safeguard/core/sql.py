"""Database expressions the ORM lacks, written once for PostgreSQL and SQLite."""

from __future__ import annotations

from django.db.models import CharField, Func


class UuidText(Func):
    """A UUID column as the text `str(uuid)` gives (8-4-4-4-12, lower case), to compare with ids
    kept in text columns (`Task.source_id`, `ChronologyEvent.source_id`) inside the database.

    PostgreSQL's `uuid::text` is already that; SQLite stores a UUID as 32 hex digits without dashes,
    so a plain cast would never equal `str(pk)` there.
    """

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql})::text", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        hexed = f"lower({sql})"
        spans = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        parts = [f"substr({hexed}, {start}, {length})" for start, length in spans]
        return " || '-' || ".join(parts), list(params) * len(parts)
