"""Background work for cases: thin wrappers that call a service and are safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ourvoice.cases.escalation import cases_escalate_overdue


@db_periodic_task(crontab(minute="*/15"))
def escalate_overdue_cases() -> list[int]:
    """Every 15 minutes: move each overdue case one level up (each re-checked under a row lock)."""
    return cases_escalate_overdue()
