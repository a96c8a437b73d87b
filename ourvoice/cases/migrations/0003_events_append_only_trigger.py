"""On PostgreSQL, case events cannot be updated or deleted even by raw SQL (SECURITY.md C3)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_event_no_update BEFORE UPDATE OR DELETE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION cases_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS cases_event_no_update ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        # Updates only: SQLite has no TRUNCATE, so a DELETE trigger would also stop test flushes.
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS cases_event_no_update BEFORE UPDATE ON cases_caseevent "
            "BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_event_no_update")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
