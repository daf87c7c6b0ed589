"""Shared fixtures: a small partnership (agencies, teams, practitioners in each role)."""

import importlib

import pytest


@pytest.fixture(autouse=True)
def _isolated_caches():
    from safeguard.core.models import NonWorkingDay

    NonWorkingDay.clear_cache()
    yield
    NonWorkingDay.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _flushable_audit_log():
    """Let transactional tests' database flush (live_server, browser tests) empty the append-only audit log.

    live_server brings transactional_db, which empties every table after each test; the audit log's
    database triggers (safeguard.access migration 0003) refuse that DELETE/TRUNCATE. Around each flush
    only, lift the triggers and put them back. Session-scoped so it outlives the last flush.
    """
    try:
        entries = importlib.import_module("safeguard.access.migrations.0003_audit_append_only")
        seals = importlib.import_module("safeguard.access.migrations.0006_audit_seals")
        people = importlib.import_module("safeguard.access.migrations.0007_audit_entry_people")
        from django.db.backends.base.operations import BaseDatabaseOperations
    except ImportError:
        yield
        return

    def _run(connection, sqlite_statements, pg_sql):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for statement in sqlite_statements:
                    cursor.execute(statement)
            elif connection.vendor == "postgresql":
                cursor.execute(pg_sql)

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        # The seals' and people's triggers use the entries' trigger function: lift them first, restore
        # them last.
        _run(self.connection, people.SQLITE_REVERSE, people.PG_REVERSE)
        _run(self.connection, seals.SQLITE_REVERSE, seals.PG_REVERSE)
        _run(self.connection, entries.SQLITE_REVERSE, entries.PG_REVERSE)
        try:
            original(self, sql_list)
        finally:
            _run(self.connection, entries.SQLITE_FORWARD, entries.PG_FORWARD)
            _run(self.connection, seals.SQLITE_FORWARD, seals.PG_FORWARD)
            _run(self.connection, people.SQLITE_FORWARD, people.PG_FORWARD)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original
