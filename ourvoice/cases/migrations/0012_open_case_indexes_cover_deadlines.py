"""PostgreSQL: the partial indexes of the open cases (0010) also carry what the inbox's tab
conditions read (status, both deadlines, sensitivity, the office it is hidden from, the assignee),
so that a deadline tab walks an office's open cases newest first in the index alone and stops at
its 50th case (docs/performance.md: an ombudsman's due-soon list read every open case of its
offices from the table and sorted them, 14-31 ms over 10 million cases; then under 1 ms).

Each index is rebuilt under a temporary name ``CONCURRENTLY``, the old one dropped
``CONCURRENTLY`` and the new one renamed: writes never wait, and the model's state (the same
keys, name and condition; Django's ``Index.include`` would warn on SQLite) does not change. Can
run again after an interruption. SQLite: nothing (it has no covering indexes).
"""

from django.db import migrations

OPEN = "(status::text = ANY (ARRAY['received', 'acknowledged', 'in_progress', 'waiting', 'resolved']))"
COVERED = "status, acknowledge_due, resolve_due, is_sensitive, hidden_from_id, assignee_id"
INDEXES = {
    # name: (keys, included columns)
    "case_open_newest": ("created_at, id", f"office_id, {COVERED}"),
    "case_open_office_newest": ("office_id, created_at, id", COVERED),
}


def _exists(cursor, name):
    cursor.execute(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace",
        [name],
    )
    row = cursor.fetchone()
    return None if row is None else row[0]


def _rebuild(schema_editor, covering):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, (keys, included) in INDEXES.items():
            swap = f"{name}_swap"
            if _exists(cursor, swap) and _exists(cursor, name) is None:  # interrupted after the drop
                cursor.execute(f"ALTER INDEX {swap} RENAME TO {name}")
                continue
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {swap}")
            include = f" INCLUDE ({included})" if covering else ""
            cursor.execute(
                f"CREATE INDEX CONCURRENTLY {swap} ON cases_case USING btree ({keys}){include} WHERE {OPEN}"
            )
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            cursor.execute(f"ALTER INDEX {swap} RENAME TO {name}")


def cover(apps, schema_editor):
    _rebuild(schema_editor, covering=True)


def uncover(apps, schema_editor):
    _rebuild(schema_editor, covering=False)


class Migration(migrations.Migration):
    # The same indexes with more columns: the previous release's queries use them as before.
    backward_compatible = True
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("cases", "0011_search_by_handling_office")]

    operations = [migrations.RunPython(cover, uncover)]
