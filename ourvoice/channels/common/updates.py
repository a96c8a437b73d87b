"""Sending a content-free update to every citizen who opted in for a case.

Each (subscription, cause) pair is a ``Delivery`` row: a task run twice, or retried after a
failure, sends nothing twice. The update says only that there is news; the citizen reads it
with the receipt (which the platform cannot send: it keeps only its hash).
"""

import logging

from django.db import transaction
from django.utils import timezone

from ourvoice.channels.common.base import adapter_for
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
