"""Partial indexes of the open cases for the inbox's tabs, built without blocking writes."""

from django.db import migrations, models

from ourvoice.core.migration_ops import build_index

OPEN_CASE = models.Q(status__in=["received", "acknowledged", "in_progress", "waiting", "resolved"])
INDEXES = [
    models.Index(fields=["created_at", "id"], name="case_open_newest", condition=OPEN_CASE),
    models.Index(fields=["office", "created_at", "id"], name="case_open_office_newest", condition=OPEN_CASE),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("cases", "0009_verbose_names_in_khmer"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="case", index=index) for index in INDEXES]
        ),
        *[build_index("cases", "case", index=index) for index in INDEXES],
    ]
