"""The index of due deliveries (0002), built without blocking writes to the deliveries."""

from django.db import migrations, models

from ourvoice.core.migration_ops import build_index


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("channels_common", "0004_delivery_due_and_attempts_verbose_names"),
    ]

    operations = [
        build_index(
            "channels_common", "delivery", index=models.Index(fields=["sent_at", "due_at"], name="delivery_due_idx")
        )
    ]
