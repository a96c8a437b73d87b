"""PostgreSQL: an index keyed by office and trigram, for finding a substring among one office's
reports (cases/README.md, "Reading millions of cases fast"; ``cases/search.py``).

The function ``ourvoice_office_trigrams(office, text)`` turns a report's text into keys such as
``1309:0xb40971``, one per pg_trgm trigram. It is a single SQL expression (no subquery), which
PostgreSQL inlines: computed row by row at 10 million reports, a version reading ``unnest`` in a
subquery cost 0.2 ms a report. ``show_trgm`` is named with its schema, since an index expression
is also computed where the search path is empty (pg_restore).

The index is built ``CONCURRENTLY`` (the previous release keeps serving and writing); over 10
million reports that takes tens of minutes (docs/operations.md). Can run again after an
interruption: an invalid index left by one is dropped and built again. SQLite: nothing (its FTS5
table answers substrings differently).
"""

from django.db import migrations

INDEX = "feedback_office_trigram_keys"
CREATE_INDEX = (
    f"CREATE INDEX CONCURRENTLY {INDEX} ON feedback_feedback USING gin"
    ' ((ourvoice_office_trigrams(handling_office_id, search_text)) COLLATE "C")'
)


def _postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


def create(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        schema = cursor.fetchone()[0]
        cursor.execute(
            "CREATE OR REPLACE FUNCTION ourvoice_office_trigrams(office bigint, body text) RETURNS text[]"
            " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT string_to_array(office::text || ':'"
            f" || array_to_string({schema}.show_trgm(body), '|' || office::text || ':'), '|') $$"
        )
        # The worker's lock (cases/search.py, office_trigram_index_build): wait for a build it has
        # under way rather than drop the index it is building.
        cursor.execute("SELECT pg_advisory_lock(hashtext(current_database() || '.' || %s))", [INDEX])
        try:
            cursor.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [INDEX])
            row = cursor.fetchone()
            if row is not None and row[0]:
                return
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(CREATE_INDEX)
            cursor.execute("RESET maintenance_work_mem")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(current_database() || '.' || %s))", [INDEX])


def drop(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        schema_editor.execute("DROP FUNCTION IF EXISTS ourvoice_office_trigrams(bigint, text)")


class Migration(migrations.Migration):
    # A new index and function: the previous release neither reads nor minds them.
    backward_compatible = True
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("cases", "0012_open_case_indexes_cover_deadlines")]

    operations = [migrations.RunPython(create, drop)]
