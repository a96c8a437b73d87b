"""Complaints already at the office they accuse move to the office that oversees it (issue 15).

Feedback migration 0007 made every unofficial-fee, sensitive and about-people complaint topic
"always about the office". Their cases that were opened before (or before the topic was flagged)
may sit at the very office they accuse and be visible to it. For each such case without
``hidden_from``:

- **open** (not closed or rejected) at the accused office: moved to the office that oversees it
  (``Office.oversight``, else national oversight), started there as received, unassigned, with
  new deadlines from today, hidden from the accused office; a public ``transferred`` event says
  why, and the new office's handling staff get a content-free "new case" notification;
- elsewhere (transferred before): hidden from the accused office, with an internal note;
- **closed or rejected** at the accused office: left as they are. The office handled them and has
  read them; moving a finished case would hand the overseer a case it cannot act on, and a
  rating would then be counted for an office that never handled it.

A complaint whose accused office is national oversight stays (nothing is above it). Reports
that did not say who they were about ("another problem with a service" before the question was
asked) cannot be told apart and are not touched.

Batched by primary key (1,000 cases a query, one pass over the table): sane at 10 million.
Works on SQLite and PostgreSQL alike (ORM only).
"""

import datetime

from django.db import migrations
from django.utils import timezone

from ourvoice.cases.workdays import add_working_days

BATCH = 1000
FINAL = ("closed", "rejected")
HANDLING_ROLES = ("office_staff", "office_head", "ombudsman", "national_oversight")
# Stored once, in both languages: a migration has no request language (Khmer first).
MOVED = (
    "ពាក្យបណ្តឹងនេះនិយាយអំពីការិយាល័យដែលបានទទួលវា។ វាត្រូវបានផ្ញើទៅការិយាល័យដែលត្រួតពិនិត្យ"
    "ការិយាល័យនោះ ហើយការិយាល័យដែលត្រូវបានប្តឹងមិនអាចមើលឃើញវាទៀតទេ។\n"
    "This complaint is about the office that had received it. It was sent to the office that "
    "oversees that office, and the office complained about can no longer see it."
)
HIDDEN = (
    "ពាក្យបណ្តឹងនេះនិយាយអំពីការិយាល័យដែលវាត្រូវបានផ្ញើទៅដំបូង៖ ការិយាល័យនោះមិនអាចមើលឃើញវាទៀតទេ។\n"
    "This complaint is about the office it was first sent to: that office can no longer see it."
)


def _due(rules, *, kind: str, level: int, step: str, start: datetime.date) -> datetime.date | None:
    """As ``deadlines.rule_working_days``: kind and level, kind, level, neither."""
    matching = [r for r in rules if r[2] == step and r[0] in (kind, "") and r[1] in (level, None)]
    matching.sort(key=lambda rule: (rule[0] == "", rule[1] is None))
    return add_working_days(start, matching[0][3]) if matching else None


def forward(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    Category = apps.get_model("feedback", "Category")
    Office = apps.get_model("offices", "Office")
    Notification = apps.get_model("notifications", "Notification")
    User = apps.get_model("accounts", "User")

    accusing = list(Category.objects.filter(kind="complaint", about_office=True).values_list("pk", flat=True))
    if not accusing:
        return
    oversight = dict(Office.objects.values_list("pk", "oversight_id"))
    national = Office.objects.filter(type="national_oversight").values_list("pk", flat=True).first()
    rules = list(DeadlineRule.objects.values_list("kind", "level", "step", "working_days"))
    now = timezone.now()
    today = timezone.localdate(now)
    staff: dict[int, list[int]] = {}
    last = 0
    while True:
        rows = list(
            Case.objects.filter(
                pk__gt=last,
                hidden_from__isnull=True,
                feedback__kind="complaint",
                feedback__category_id__in=accusing,
            )
            .order_by("pk")
            .values("pk", "office_id", "status", "level", "feedback__office_id")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        moved, hidden, events = [], [], []
        for row in rows:
            accused = row["feedback__office_id"]
            handler = oversight.get(accused) or national
            if handler is None or handler == accused:
                continue  # national oversight complained about: nothing is above it
            if row["office_id"] != accused:
                hidden.append(Case(pk=row["pk"], hidden_from_id=accused))
                events.append(
                    CaseEvent(case_id=row["pk"], type="note", at=now, reason=HIDDEN, public=False)
                )
                continue
            if row["status"] in FINAL:
                continue
            moved.append(
                Case(
                    pk=row["pk"],
                    office_id=handler,
                    hidden_from_id=accused,
                    status="received",
                    assignee_id=None,
                    updated_at=now,
                    acknowledge_due=_due(rules, kind="complaint", level=row["level"], step="acknowledge", start=today),
                    resolve_due=_due(rules, kind="complaint", level=row["level"], step="resolve", start=today),
                )
            )
            events.append(
                CaseEvent(
                    case_id=row["pk"],
                    type="transferred",
                    at=now,
                    from_status=row["status"],
                    to_status="received",
                    office_id=handler,
                    reason=MOVED,
                    public=True,
                )
            )
        Case.objects.bulk_update(
            moved,
            ["office", "hidden_from", "status", "assignee", "updated_at", "acknowledge_due", "resolve_due"],
        )
        Case.objects.bulk_update(hidden, ["hidden_from"])
        created = CaseEvent.objects.bulk_create(events)
        notifications = []
        for event in created:
            if event.type != "transferred" or event.pk is None:
                continue
            if event.office_id not in staff:
                staff[event.office_id] = list(
                    User.objects.filter(
                        is_active=True, role__in=HANDLING_ROLES, office_id=event.office_id
                    ).values_list("pk", flat=True)
                )
            notifications += [
                Notification(recipient_id=user, kind="new_case", case_id=event.case_id, key=f"event:{event.pk}")
                for user in staff[event.office_id]
            ]
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_newest_first_indexes"),
        ("feedback", "0008_category_about_office_check"),
        ("notifications", "0001_initial"),
        ("accounts", "0001_initial"),
        ("offices", "0002_office_unique_per_area_on_sqlite"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
