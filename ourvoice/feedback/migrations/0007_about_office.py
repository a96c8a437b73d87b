
from django.db import migrations, models
from django.db.models import Q

# Complaint topics that are by nature about the office or someone working there (DOMAIN.md):
# unofficial fees, and every sensitive topic or topic about people (bribery, staff conduct,
# discrimination, harassment, gender-based violence). Their complaints never reach the office
# they accuse (ourvoice/cases/routing.py); cases migration 0006 moves the open ones that did.
ALWAYS_ABOUT_OFFICE = ["unofficial-fee"]


def accusing_topics_about_office(apps, schema_editor):
    Category = apps.get_model("feedback", "Category")
    Category.objects.filter(kind="complaint").filter(
        Q(code__in=ALWAYS_ABOUT_OFFICE) | Q(is_sensitive=True) | Q(about_people=True)
    ).update(about_office=True)
    # Only complaints are routed by who they are about (Category.clean).
    Category.objects.exclude(kind="complaint").update(about_office=False)


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0006_province_month_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='feedback',
            name='about_office',
            field=models.BooleanField(blank=True, null=True, verbose_name='about the office or its staff'),
        ),
        migrations.AlterField(
            model_name='category',
            name='about_office',
            field=models.BooleanField(default=False, help_text='Ticked: every complaint of this topic goes to the office that oversees the office chosen, and is hidden from that office. Not ticked: the citizen is asked whether the complaint is about the office or someone who works there, and a “yes” is routed the same way. Required for sensitive topics and topics about people.', verbose_name='always about the office or its staff'),
        ),
        migrations.RunPython(accusing_topics_about_office, migrations.RunPython.noop),
    ]
