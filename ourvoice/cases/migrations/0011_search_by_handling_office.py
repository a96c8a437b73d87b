"""PostgreSQL: each report carries the office handling its case, beside its search columns, so an
office's search intersects the office and the word inside one index (cases/README.md, "Reading
millions of cases fast").

Runs while the previous release serves (docs/operations.md, rolling upgrade), in steps that each
commit on their own:
1. the column ``feedback_feedback.handling_office_id`` (no default: no rewrite) and the trigger
   that keeps it equal to ``cases_case.office_id`` from now on;
2. the two single-column search indexes of feedback 0003 dropped ``CONCURRENTLY``: the backfill
   writes a new version of every report row, and keeping those GIN indexes up to date row by row
   ran at 1,100 reports a second (2.5 hours for 10 million); without them searches still answer,
   slowly (each one reads the table), until step 4 has finished;
3. the backfill of the reports written before, in batches of ids, each its own transaction:
   only rows still NULL, so a value the trigger wrote meanwhile is never overwritten;
4. the multicolumn GIN indexes (``btree_gin``), built ``CONCURRENTLY``: they answer the old
   indexes' conditions too.
Each step can run again after an interruption. SQLite keeps its FTS5 table and plans: nothing
here applies to it. The new release uses the column only once this migration has finished.
"""

from django.db import migrations

COLUMN_AND_TRIGGER = [
    # Trusted extensions: the database owner may create them without being a superuser.
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "ALTER TABLE feedback_feedback ADD COLUMN IF NOT EXISTS handling_office_id bigint",
    """
CREATE OR REPLACE FUNCTION cases_case_handling_office() RETURNS trigger AS $$
BEGIN
    UPDATE feedback_feedback SET handling_office_id = NEW.office_id
    WHERE id = NEW.feedback_id AND handling_office_id IS DISTINCT FROM NEW.office_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS cases_case_handling_office ON cases_case",
    "CREATE TRIGGER cases_case_handling_office AFTER INSERT OR UPDATE OF office_id, feedback_id"
    " ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_case_handling_office()",
]
BACKFILL = (
    "UPDATE feedback_feedback f SET handling_office_id = c.office_id FROM cases_case c"
    " WHERE c.feedback_id = f.id AND f.id >= %s AND f.id < %s AND f.handling_office_id IS NULL"
)
NEW_INDEXES = {
    "feedback_office_search_vec_gin": "CREATE INDEX CONCURRENTLY feedback_office_search_vec_gin"
    " ON feedback_feedback USING gin (handling_office_id, search_vec)",
    "feedback_office_search_text_trgm": "CREATE INDEX CONCURRENTLY feedback_office_search_text_trgm"
    " ON feedback_feedback USING gin (handling_office_id, search_text gin_trgm_ops)",
}
BATCH = 50_000
PROGRESS_EVERY = 1_000_000
# Feedback 0003's indexes, replaced by NEW_INDEXES.
OLD_INDEXES = {
    "feedback_search_vec_gin": "CREATE INDEX CONCURRENTLY feedback_search_vec_gin ON feedback_feedback"
    " USING gin (search_vec)",
    "feedback_search_text_trgm": "CREATE INDEX CONCURRENTLY feedback_search_text_trgm ON feedback_feedback"
    " USING gin (search_text gin_trgm_ops)",
}


def _postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


def add_column_and_trigger(apps, schema_editor):
    if _postgresql(schema_editor):
        for sql in COLUMN_AND_TRIGGER:
            schema_editor.execute(sql)


def drop_column_and_trigger(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_case_handling_office ON cases_case")
        schema_editor.execute("DROP FUNCTION IF EXISTS cases_case_handling_office()")
        schema_editor.execute("ALTER TABLE feedback_feedback DROP COLUMN IF EXISTS handling_office_id")


def backfill(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM feedback_feedback")
        first, last = cursor.fetchone()
        done = 0
        for start in range(first, last + 1, BATCH):
            cursor.execute(BACKFILL, [start, start + BATCH])  # autocommit: one batch
            done += cursor.rowcount
            if done // PROGRESS_EVERY != (done - cursor.rowcount) // PROGRESS_EVERY:
                print(f"\n  handling office of {done:,} reports filled (ids up to {start + BATCH:,})", flush=True)


def _index_valid(cursor, name):
    """True when the index exists and is valid; an invalid one (an interrupted concurrent build)
    is dropped so that it can be built again."""
    cursor.execute(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace",
        [name],
    )
    row = cursor.fetchone()
    if row is not None and not row[0]:
        cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
    return bool(row and row[0])


def _build(schema_editor, indexes):
    if not _postgresql(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        # A GIN index over millions of rows builds several times faster with room to sort in
        # (the trigram index of 10 million reports: 7 minutes with 1 GB); this session only.
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes.items():
            if not _index_valid(cursor, name):
                cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")


def _drop(schema_editor, names):
    if _postgresql(schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


def build_new_indexes(apps, schema_editor):
    _build(schema_editor, NEW_INDEXES)


def drop_new_indexes(apps, schema_editor):
    _drop(schema_editor, NEW_INDEXES)


def drop_old_indexes(apps, schema_editor):
    _drop(schema_editor, OLD_INDEXES)


def build_old_indexes(apps, schema_editor):
    _build(schema_editor, OLD_INDEXES)


class Migration(migrations.Migration):
    # The previous release writes reports and cases as before (the trigger fills the column) and
    # searches with indexes that answer its conditions (ops/tests/test_upgrades.py).
    backward_compatible = True
    atomic = False  # batches commit one by one; CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("cases", "0010_open_case_indexes"),
        ("feedback", "0015_service_index_built_concurrently"),
    ]

    operations = [
        migrations.RunPython(add_column_and_trigger, drop_column_and_trigger),
        migrations.RunPython(drop_old_indexes, build_old_indexes),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(build_new_indexes, drop_new_indexes),
    ]
