"""Sending a content-free update to every citizen who opted in for a case.

Each (subscription, cause) pair is a ``Delivery`` row: a task run twice, or retried after a
failure, sends nothing twice. A batched channel (Web Push) is not sent at once: its delivery gets
a moment in the next batch, with jitter (SECURITY.md A7), and ``citizen_updates_due_deliver`` (a
periodic task) sends what is due. A channel that says the address is gone (a push service's 404
or 410) loses the subscription. The update says only that there is news; the citizen reads it
with the receipt (which the platform cannot send: it keeps only its hash).
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ourvoice.channels.common.base import AddressGone, adapter_for
from ourvoice.channels.common.models import Delivery, Subscription
from ourvoice.channels.common.services import subscription_address

logger = logging.getLogger(__name__)


class UpdatesIncomplete(Exception):
    """Some updates could not be sent; a retry sends only those."""


def citizen_updates_deliver(*, case_id: int, key: str) -> int:
    """Send the update ``key`` about a case to each subscriber not yet told; returns how many."""
    sent, failed = 0, 0
    for subscription in Subscription.objects.filter(case_id=case_id).order_by("pk"):
        adapter = adapter_for(subscription.channel)
        if adapter is None or not adapter.enabled():  # the channel is off: nothing can be sent
            continue
        if getattr(adapter, "batched", False):
            Delivery.objects.get_or_create(
                subscription=subscription, key=key, defaults={"due_at": batch_moment()}
            )
            continue
        with transaction.atomic():
            delivery, _created = Delivery.objects.select_for_update().get_or_create(
                subscription=subscription, key=key
            )
            if delivery.sent_at is not None:
                continue
            try:
                adapter.notify(
                    address=subscription_address(subscription=subscription), language=subscription.language
                )
            except AddressGone:
                subscription.delete()
                continue
            except Exception:
                # Neither the address nor the case is logged: the subscription id is enough to look.
                logger.warning(
                    "Could not send a %s update (subscription %s).", subscription.channel, subscription.pk
                )
                failed += 1
                continue
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            sent += 1
    if failed:
        raise UpdatesIncomplete(f"{failed} update(s) not sent")
    return sent


# A batched delivery that keeps failing is dropped after this many tries (a day or so of backoff).
MAX_ATTEMPTS = 6


def batch_moment(now: datetime.datetime | None = None) -> datetime.datetime:
    """A random moment within the batch after the current one: the time a notification leaves
    says neither when the office acted nor which case among the batch it is about."""
    now = now or timezone.now()
    minutes = max(1, settings.WEBPUSH_BATCH_MINUTES)
    span = datetime.timedelta(minutes=minutes)
    start_of_batch = now - datetime.timedelta(
        minutes=now.minute % minutes, seconds=now.second, microseconds=now.microsecond
    )
    return start_of_batch + span + datetime.timedelta(seconds=secrets.randbelow(int(span.total_seconds())))


def citizen_updates_due_deliver(*, now: datetime.datetime | None = None) -> int:
    """Send the batched updates whose moment has come, in random order; returns how many left.

    A failure is retried later (backoff doubling from one batch), a gone address deletes its
    subscription, and after ``MAX_ATTEMPTS`` the update is dropped: it carried no content.
    """
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(sent_at__isnull=True, due_at__isnull=False, due_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    secrets.SystemRandom().shuffle(due)
    sent = 0
    for pk in due:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update()
                .select_related("subscription")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if delivery is None:  # another worker sent it, or the subscription went
                continue
            subscription = delivery.subscription
            adapter = adapter_for(subscription.channel)
            if adapter is None or not adapter.enabled():
                continue
            try:
                adapter.notify(
                    address=subscription_address(subscription=subscription), language=subscription.language
                )
            except AddressGone:
                subscription.delete()
                continue
            except Exception:
                logger.warning(
                    "Could not send a %s update (subscription %s).", subscription.channel, subscription.pk
                )
                delivery.attempts += 1
                if delivery.attempts >= MAX_ATTEMPTS:
                    delivery.delete()
                    continue
                backoff = datetime.timedelta(minutes=settings.WEBPUSH_BATCH_MINUTES * 2**delivery.attempts)
                delivery.due_at = batch_moment(now + backoff)
                delivery.save(update_fields=["attempts", "due_at"])
                continue
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            sent += 1
    return sent
