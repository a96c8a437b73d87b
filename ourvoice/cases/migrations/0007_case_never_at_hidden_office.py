from django.db import migrations, models


class Migration(migrations.Migration):
    """After 0006 has moved the cases that broke it (a separate migration: PostgreSQL refuses to
    alter a table with the trigger events 0006's writes leave pending)."""

    dependencies = [
        ("cases", "0006_move_complaints_about_their_office"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("office", models.F("hidden_from")), _negated=True),
                name="case_never_at_hidden_office",
            ),
        ),
    ]
