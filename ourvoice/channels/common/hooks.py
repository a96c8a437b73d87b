"""Receivers of the case domain's signals (ourvoice/cases/signals.py, connected in apps.py):
queue an update to citizens who opted in, after the transaction commits. Nothing is queued for a
case nobody follows."""

from functools import partial

from django.db import transaction

from ourvoice.cases.models import Case, Rating

# Statuses that are news for the citizen (a staff message is news whatever the status).
NEWS_STATUSES = frozenset({"resolved", "closed", "rejected"})


def _enqueue(case_id: int, key: str) -> None:
    from ourvoice.channels.common.tasks import citizen_updates_send

    citizen_updates_send(case_id, key)


def _followed(case_id: int) -> bool:
    from ourvoice.channels.common.models import Subscription

    return Subscription.objects.filter(case_id=case_id).exists()


def news_on_status(sender: object, *, case: Case, **kwargs: object) -> None:
    """Receives ``case_status_changed`` (sent by ``case_transition``)."""
    if case.status in NEWS_STATUSES and _followed(case.pk):
        key = f"status:{case.status}:{case.updated_at.isoformat()}"
        transaction.on_commit(partial(_enqueue, case.pk, key))


def news_on_office_message(sender: object, *, case: Case, message_id: int, **kwargs: object) -> None:
    """Receives ``office_message_posted`` (sent by ``message_post_by_office``)."""
    if _followed(case.pk):
        transaction.on_commit(partial(_enqueue, case.pk, f"message:{message_id}"))


def news_done(sender: object, *, case: Case, rating: Rating, **kwargs: object) -> None:
    """Receives ``case_rated``: a closed case rated and not appealed stays closed, so no news will
    come and the Web Push subscriptions (a browser's capability to be woken) are deleted now."""
    from ourvoice.cases.services import APPEAL_SCORES
    from ourvoice.channels.common.models import Subscription

    if rating.score in APPEAL_SCORES:
        return
    Subscription.objects.filter(case_id=case.pk, channel="webpush").delete()
