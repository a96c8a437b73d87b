"""The one-line hooks that case and message services call: queue an update to citizens who
opted in, after the transaction commits. Nothing is queued for a case nobody follows."""

from functools import partial

from django.db import transaction

from ourvoice.cases.models import Case

# Statuses that are news for the citizen (a staff message is news whatever the status).
NEWS_STATUSES = frozenset({"resolved", "closed", "rejected"})


def _enqueue(case_id: int, key: str) -> None:
    from ourvoice.channels.common.tasks import citizen_updates_send

    citizen_updates_send(case_id, key)


def _followed(case_id: int) -> bool:
    from ourvoice.channels.common.models import Subscription

    return Subscription.objects.filter(case_id=case_id).exists()


def news_on_status(*, case: Case) -> None:
    """Called by ``case_transition`` after a status change."""
    if case.status in NEWS_STATUSES and _followed(case.pk):
        key = f"status:{case.status}:{case.updated_at.isoformat()}"
        transaction.on_commit(partial(_enqueue, case.pk, key))


def news_on_office_message(*, case: Case, message_id: int) -> None:
    """Called by ``message_post_by_office`` after the message is stored."""
    if _followed(case.pk):
        transaction.on_commit(partial(_enqueue, case.pk, f"message:{message_id}"))


def news_done(*, case: Case) -> None:
    """Called by ``case_rate`` when a closed case is rated and stays closed: no news will come, so
    the Web Push subscriptions (a browser's capability to be woken) are deleted now."""
    from ourvoice.channels.common.models import Subscription

    Subscription.objects.filter(case_id=case.pk, channel="webpush").delete()
