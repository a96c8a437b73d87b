from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("feedback", "0010_reference_fill")]

    operations = [
        migrations.AlterField(
            model_name="feedback",
            name="reference",
            field=models.CharField(editable=False, max_length=9, unique=True, verbose_name="reference"),
        ),
    ]
