"""Background work of the reports: thin wrappers that call a service and are safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ourvoice.feedback.retention import feedback_purge_expired


@db_periodic_task(crontab(hour="19", minute="40"))
def purge_expired_feedback() -> int:
    """Daily, at 02:40 in Cambodia (19:40 UTC): remove the content of reports past the retention
    period (each in its own transaction, skipped when another worker holds it)."""
    return feedback_purge_expired()
