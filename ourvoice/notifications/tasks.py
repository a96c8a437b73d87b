"""Background work for notifications: thin wrappers that take ids and call a service, and the
helper other apps' services call to queue them (services.py never imports this module).

Both are safe to run twice: notifications are unique per recipient and cause, and an e-mailed
batch is marked sent in the same transaction that found it.
"""

from functools import partial

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ourvoice.cases.models import CaseEvent
from ourvoice.notifications.services import (
    EVENT_KINDS,
    notifications_create_for_event,
    notifications_email_pending,
)


@db_task(retries=3, retry_delay=60)
def notify_event(event_id: int) -> int:
    return notifications_create_for_event(event_id=event_id)


@db_periodic_task(crontab(minute="*/15"))
def email_pending_notifications() -> int:
    """Every 15 minutes: one e-mail per user with the count of what reached them meanwhile."""
    return notifications_email_pending()


def notify_case_event(*, event: CaseEvent) -> None:
    """Queue the notifications for ``event`` once the current transaction commits."""
    if event.type in EVENT_KINDS:
        transaction.on_commit(partial(notify_event, event.pk))
