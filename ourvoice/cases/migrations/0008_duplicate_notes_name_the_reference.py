"""Internal notes written when a report was marked a duplicate named the other case by its
receipt's first 8 digits (the locator). Staff must never see any digit of a receipt (issue 15;
SECURITY.md B1), so those notes now name the other case's staff reference instead.

Case events are append-only, enforced by a trigger (0003). This one correction, limited to the
internal notes of the two cases of each duplicate link, lifts the trigger inside this migration's
transaction and puts it back before commit: nothing else can change an event meanwhile. Sane at
scale: it walks the duplicate links (few beside the reports) in batches, two UPDATEs per link on
the indexed case id.
"""

from django.db import migrations

BATCH = 1000
POSTGRES_ENABLE = "ALTER TABLE cases_caseevent ENABLE TRIGGER cases_event_no_update"
POSTGRES_DISABLE = "ALTER TABLE cases_caseevent DISABLE TRIGGER cases_event_no_update"
SQLITE_DROP = "DROP TRIGGER IF EXISTS cases_event_no_update"
SQLITE_CREATE = (
    "CREATE TRIGGER IF NOT EXISTS cases_event_no_update BEFORE UPDATE ON cases_caseevent "
    "BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;"
)
UPDATE = (
    "UPDATE cases_caseevent SET reason = REPLACE(reason, %s, %s) "
    "WHERE case_id = %s AND type = 'note' AND reason LIKE %s"
)


def _rows(apps, alias):
    DuplicateLink = apps.get_model("feedback", "DuplicateLink")
    Case = apps.get_model("cases", "Case")
    last = 0
    while True:
        links = list(
            DuplicateLink.objects.using(alias)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "duplicate_id", "duplicate__locator", "duplicate__reference",
                         "original_id", "original__locator", "original__reference")[:BATCH]
        )
        if not links:
            return
        last = links[-1][0]
        feedback_ids = {link[1] for link in links} | {link[4] for link in links}
        case_of = dict(
            Case.objects.using(alias).filter(feedback_id__in=feedback_ids).values_list("feedback_id", "pk")
        )
        rows = []
        for _pk, dup, dup_locator, dup_ref, orig, orig_locator, orig_ref in links:
            if dup in case_of:  # the duplicate's notes name the original, and the other way round
                rows.append((orig_locator, orig_ref, case_of[dup], f"%{orig_locator}%"))
            if orig in case_of:
                rows.append((dup_locator, dup_ref, case_of[orig], f"%{dup_locator}%"))
        yield rows


def forward(apps, schema_editor):
    connection = schema_editor.connection
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(POSTGRES_DISABLE)
        elif vendor == "sqlite":
            cursor.execute(SQLITE_DROP)
        for rows in _rows(apps, connection.alias):
            if rows:
                cursor.executemany(UPDATE, rows)
        if vendor == "postgresql":
            cursor.execute(POSTGRES_ENABLE)
        elif vendor == "sqlite":
            cursor.execute(SQLITE_CREATE)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_case_never_at_hidden_office"),
        ("feedback", "0011_reference_required"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
