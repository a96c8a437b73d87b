"""Existing typed services matched to the catalogue where they clearly match (issue 16, point 3).

A report's ``service_name`` that is a catalogue service's code, English or Khmer name - compared
as ``compact_key`` compares them: Khmer normalised, Latin folded, without spaces, dashes or
punctuation - gets that ``service`` and loses the text (which now means "another service"). A
name that two services share, or that matches none, is left as it is.

National scale: only fee reports carry a service; they are read a batch at a time by primary
key (an index range, never OFFSET), matched in Python, and updated with one UPDATE per service
and batch, each batch in its own transaction (the migration is not atomic), on SQLite and
PostgreSQL alike. Safe to run again: a matched report has no text left to match.
"""

from django.db import migrations, transaction

from ourvoice.core.khmer import compact_key

BATCH = 10_000


def _keys(Service):
    keys, shared = {}, set()
    for pk, code, name_en, name_km in Service.objects.order_by("pk").values_list("pk", "code", "name_en", "name_km"):
        for key in {compact_key(code), compact_key(name_en), compact_key(name_km)} - {""}:
            if keys.get(key, pk) != pk:
                shared.add(key)
            keys[key] = pk
    return {key: pk for key, pk in keys.items() if key not in shared}


def match(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    keys = _keys(apps.get_model("catalogue", "Service"))
    if not keys:
        return
    last = 0
    while True:
        rows = list(
            Feedback.objects.filter(pk__gt=last, service__isnull=True)
            .exclude(service_name="")
            .order_by("pk")
            .values_list("pk", "service_name")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        by_service = {}
        for pk, text in rows:
            service_id = keys.get(compact_key(text))
            if service_id is not None:
                by_service.setdefault(service_id, []).append(pk)
        with transaction.atomic():
            for service_id, ids in by_service.items():
                Feedback.objects.filter(pk__in=ids).update(service_id=service_id, service_name="")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("feedback", "0012_service_from_the_catalogue")]
    operations = [migrations.RunPython(match, migrations.RunPython.noop, elidable=False)]
