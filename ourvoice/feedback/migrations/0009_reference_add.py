"""Each report gets a staff-visible reference unrelated to its receipt (issue 15; SECURITY.md B1).

Three steps so that a large table is never locked for long: the column is added empty (0007),
filled in batches, each its own transaction (0008), then required (0009).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("feedback", "0008_category_about_office_check")]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="reference",
            field=models.CharField(
                editable=False, max_length=9, null=True, unique=True, verbose_name="reference"
            ),
        ),
    ]
