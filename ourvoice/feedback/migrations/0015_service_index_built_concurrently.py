"""The index of Feedback.service (0012), built without blocking writes to the reports."""

from django.db import migrations

from ourvoice.core.migration_ops import build_index


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("feedback", "0014_verbose_names_in_khmer"),
    ]

    operations = [build_index("feedback", "feedback", field="service")]
