"""PostgreSQL: a trigram index whose keys carry the handling office ("1309:" + trigram), so that a
substring search in an office reads that office's entries only (cases/README.md, "Reading
millions of cases fast").

The multicolumn trigram index of 0011 intersects the office with each trigram of the query; for
trigrams common in Khmer (ប្រ, ្រា, ាក់ ...) it decoded millions of other offices' entries: 131 ms
for an office head's search of a word routed away from that office (docs/performance.md). Keyed
by office and trigram, each posting list holds one office's reports.

``ourvoice_office_trigrams`` is ``show_trgm`` of the text with the office before each trigram;
STRICT (no office or no text: no keys). The index is built ``CONCURRENTLY`` (the previous release
keeps serving; see docs/operations.md for its time at 10 million reports) and can be built again
after an interruption. SQLite: nothing.
"""

from django.db import migrations

# A plain expression (no subquery) that PostgreSQL inlines: as a query over ``unnest`` it ran
# per report through the SQL-function machinery (0.2 ms each: 40 minutes for 10 million). The
# trigrams never hold "|" (pg_trgm keeps letters and digits only, others as hex). ``{schema}``:
# pg_trgm's, so that a dump restored with an empty search path finds ``show_trgm``.
FUNCTION = """
CREATE OR REPLACE FUNCTION ourvoice_office_trigrams(office bigint, body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT string_to_array(
    office::text || ':' || array_to_string({schema}.show_trgm(body), '|' || office::text || ':'), '|'
) $$
"""
INDEX = "feedback_office_trigrams"
CREATE_INDEX = (
    f"CREATE INDEX CONCURRENTLY {INDEX} ON feedback_feedback"
    " USING gin (ourvoice_office_trigrams(handling_office_id, search_text))"
)


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        cursor.execute(FUNCTION.format(schema=cursor.fetchone()[0]))
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace",
            [INDEX],
        )
        row = cursor.fetchone()
        if row is not None and not row[0]:  # an interrupted concurrent build: start again
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        if row is None or not row[0]:
            cursor.execute("SET maintenance_work_mem = '1GB'")  # this session only, as in 0011
            cursor.execute(CREATE_INDEX)
            cursor.execute("RESET maintenance_work_mem")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        schema_editor.execute("DROP FUNCTION IF EXISTS ourvoice_office_trigrams(bigint, text)")


class Migration(migrations.Migration):
    # An index and a function only: the previous release writes and searches as before.
    backward_compatible = True
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("cases", "0011_search_by_handling_office")]

    operations = [migrations.RunPython(build, drop)]
