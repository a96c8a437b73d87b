"""Fill ``Feedback.reference`` for existing reports: random, unique, in batches.

Sane at 10 million rows: the rows without a reference are walked by primary key in batches of
5,000; each batch is one UPDATE (PostgreSQL: joined to a VALUES list; SQLite: executemany on the
primary key) in its own transaction, so an interrupted run keeps its progress and a second run
carries on where it stopped. A candidate that another report already holds is drawn again
before the batch is written.
"""

import secrets

from django.db import migrations, transaction

# As ourvoice.feedback.services.new_reference: no look-alike letters or digits (0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
BATCH = 5000


def _reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def _unique(candidates: dict[int, str], Feedback, alias: str) -> dict[int, str]:
    while True:
        seen: set[str] = set()
        for pk, ref in candidates.items():
            while ref in seen:
                ref = _reference()
            candidates[pk] = ref
            seen.add(ref)
        taken = set(
            Feedback.objects.using(alias)
            .filter(reference__in=list(seen))
            .values_list("reference", flat=True)
        )
        if not taken:
            return candidates
        for pk, ref in candidates.items():
            if ref in taken:
                candidates[pk] = _reference()


def forward(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    connection = schema_editor.connection
    alias = connection.alias
    last = 0
    while True:
        with transaction.atomic(using=alias):
            ids = list(
                Feedback.objects.using(alias)
                .filter(pk__gt=last, reference__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                return
            refs = _unique({pk: _reference() for pk in ids}, Feedback, alias)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    values = ", ".join(["(%s::bigint, %s)"] * len(refs))
                    params = [item for pair in refs.items() for item in pair]
                    cursor.execute(
                        "UPDATE feedback_feedback AS f SET reference = v.ref "  # noqa: S608
                        f"FROM (VALUES {values}) AS v(id, ref) WHERE f.id = v.id",
                        params,
                    )
                else:
                    cursor.executemany(
                        "UPDATE feedback_feedback SET reference = %s WHERE id = %s",
                        [(ref, pk) for pk, ref in refs.items()],
                    )
            last = ids[-1]


class Migration(migrations.Migration):
    # One transaction per batch, not one for ten million rows.
    atomic = False

    dependencies = [("feedback", "0009_reference_add")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
