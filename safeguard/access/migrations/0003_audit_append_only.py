"""The database itself refuses UPDATE and DELETE on the audit log (PostgreSQL and SQLite)."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION safeguard_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION safeguard_audit_append_only();
CREATE TRIGGER access_auditentry_no_truncate BEFORE TRUNCATE ON access_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION safeguard_audit_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS access_auditentry_no_update ON access_auditentry;
DROP TRIGGER IF EXISTS access_auditentry_no_truncate ON access_auditentry;
DROP FUNCTION IF EXISTS safeguard_audit_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE ON access_auditentry
       BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE is not allowed'); END;""",
    """CREATE TRIGGER access_auditentry_no_delete BEFORE DELETE ON access_auditentry
       BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS access_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS access_auditentry_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(forward, reverse)]
