"""Deadlines as data (DeadlineRule) and each case's due dates, seeded with the issue's defaults.

Seed (working days, any level): acknowledge in 2 for complaints, support and information
requests; resolve information in 5, support in 10, complaints in 15. Evaluations get no rule:
they are scorecards that feed statistics and owe the citizen no answer, so they never escalate.
Cases opened before this migration keep empty due dates (they are not escalated retroactively).
"""

import django.core.validators
from django.db import migrations, models


SEED = [
    ("complaint", "acknowledge", 2),
    ("support", "acknowledge", 2),
    ("information", "acknowledge", 2),
    ("information", "resolve", 5),
    ("support", "resolve", 10),
    ("complaint", "resolve", 15),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for kind, step, days in SEED:
        DeadlineRule.objects.get_or_create(kind=kind, level=None, step=step, defaults={"working_days": days})


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for kind, step, _days in SEED:
        DeadlineRule.objects.filter(kind=kind, level=None, step=step).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_events_append_only_trigger'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlineRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(blank=True, choices=[('complaint', 'Complaint'), ('support', 'Request for support'), ('information', 'Request for information'), ('evaluation', 'Evaluation of a service')], max_length=16, verbose_name='kind')),
                ('level', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='level')),
                ('step', models.CharField(choices=[('acknowledge', 'Acknowledge'), ('resolve', 'Resolve')], max_length=16, verbose_name='step')),
                ('working_days', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='working days')),
            ],
            options={
                'verbose_name': 'deadline rule',
                'verbose_name_plural': 'deadline rules',
                'ordering': ['step', 'kind', 'level'],
            },
        ),
        migrations.AddField(
            model_name='case',
            name='acknowledge_due',
            field=models.DateField(blank=True, null=True, verbose_name='acknowledge by'),
        ),
        migrations.AddField(
            model_name='case',
            name='resolve_due',
            field=models.DateField(blank=True, null=True, verbose_name='resolve by'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'acknowledge_due'], name='cases_case_status_c6f2cd_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'resolve_due'], name='cases_case_status_fd0897_idx'),
        ),
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.UniqueConstraint(condition=models.Q(('level__isnull', False)), fields=('kind', 'level', 'step'), name='deadline_rule_unique_with_level'),
        ),
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.UniqueConstraint(condition=models.Q(('level__isnull', True)), fields=('kind', 'step'), name='deadline_rule_unique_any_level'),
        ),
        migrations.RunPython(seed, unseed),
    ]
