from django.db import migrations, models


class Migration(migrations.Migration):
    """Separate from 0007: PostgreSQL refuses to alter a table with pending trigger events, which
    0007's update of the categories leaves behind."""

    dependencies = [
        ("feedback", "0007_about_office"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='category',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'complaint'), _negated=True), ('about_office', True), models.Q(('about_people', False), ('is_sensitive', False)), _connector='OR'), name='category_accusing_complaints_about_office', violation_error_message='A sensitive complaint topic, or one about people, is always about the office: tick “always about the office or its staff”.'),
        ),
    ]
