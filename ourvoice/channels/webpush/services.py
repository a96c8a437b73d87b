"""Writes of Web Push: a browser's subscription to news about one case, and its withdrawal.

The subscription (endpoint and keys) is stored only encrypted, on ``channels.common.Subscription``,
so the rules of every opt-in apply: withdrawn with the contact details (C5), deleted with the
case's content at retention, and deleted here when the citizen rates a closed case.
"""

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ourvoice.cases.models import Case
from ourvoice.channels.common.models import Subscription
from ourvoice.channels.common.services import address_hash, subscription_create
from ourvoice.channels.webpush.adapter import CHANNEL
from ourvoice.channels.webpush.vapid import b64url_decode

ENDPOINT_MAX = 1000
# Browsers (phones) that may follow one case: enough for a citizen's own devices, not a flood.
SUBSCRIPTIONS_PER_CASE = 5


def _host_allowed(host: str) -> bool:
    return any(host == allowed or host.endswith("." + allowed) for allowed in settings.WEBPUSH_ENDPOINT_HOSTS)


def push_address(data: Any) -> str:
    """The canonical JSON of a browser's PushSubscription, checked: an https endpoint at a known
    push service (the worker posts there, so it may not be any address) and P-256 keys."""
    problem = ValidationError(_("This browser's subscription could not be used. Try again later."))
    if not isinstance(data, dict):
        raise problem
    endpoint, keys = data.get("endpoint"), data.get("keys")
    if not isinstance(endpoint, str) or len(endpoint) > ENDPOINT_MAX or not isinstance(keys, dict):
        raise problem
    parts = urlsplit(endpoint)
    secure = parts.scheme == "https" or (parts.scheme == "http" and settings.WEBPUSH_ALLOW_HTTP)
    if not secure or not parts.hostname or not _host_allowed(parts.hostname):
        raise problem
    try:
        p256dh = b64url_decode(str(keys.get("p256dh", "")))
        auth = b64url_decode(str(keys.get("auth", "")))
    except ValueError:
        raise problem from None
    if len(p256dh) != 65 or p256dh[0] != 4 or len(auth) != 16:
        raise problem
    return json.dumps(
        {"endpoint": endpoint, "keys": {"p256dh": keys["p256dh"], "auth": keys["auth"]}}, sort_keys=True
    )


@transaction.atomic
def webpush_subscribe(*, case: Case, subscription: Any, language: str) -> Subscription | None:
    """Keep this browser's subscription for news about ``case``; None for a purged case."""
    address = push_address(subscription)
    followers = Subscription.objects.select_for_update().filter(case=case, channel=CHANNEL)
    known = followers.filter(address_hash=address_hash(channel=CHANNEL, address=address)).exists()
    if not known and len(followers) >= SUBSCRIPTIONS_PER_CASE:
        raise ValidationError(
            _("Too many phones already follow this case. Stop the news on one of them first.")
        )
    return subscription_create(case=case, channel=CHANNEL, address=address, language=language)


@transaction.atomic
def webpush_unsubscribe(*, case: Case, subscription: Any) -> int:
    """Withdraw this browser's subscription for ``case``; returns how many were removed."""
    key = address_hash(channel=CHANNEL, address=push_address(subscription))
    removed, _by_model = Subscription.objects.filter(case=case, channel=CHANNEL, address_hash=key).delete()
    return int(_by_model.get(Subscription._meta.label, 0)) if removed else 0


def webpush_followed(*, case: Case) -> bool:
    return Subscription.objects.filter(case=case, channel=CHANNEL).exists()
