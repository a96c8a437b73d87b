"""Web Push behind the common channel interface: a content-free notification, RFC 8291-encrypted
for the browser and signed with the deployment's VAPID key (RFC 8292), through pywebpush.

The "address" of a subscription is the browser's PushSubscription as JSON (endpoint and keys),
stored encrypted by ``subscription_create``. The push service learns that this server has
something for that browser, when, and its size; never the text, which only the browser can read.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pywebpush import WebPushException, webpush

from ourvoice.channels.common.base import AddressGone
from ourvoice.channels.webpush.vapid import vapid, vapid_configured

CHANNEL = "webpush"
# A push service keeps an undelivered message this long (seconds) for a phone that is off.
TTL = 4 * 24 * 3600


def news_text(language: str) -> str:
    with translation.override(language):
        return _("Our Voice: there is news on your case")


def push_payload(language: str) -> bytes:
    """What the browser decrypts: the same sentence for every case, and where tapping it leads."""
    with translation.override(language):
        url = reverse("web:track")
    return json.dumps({"title": news_text(language), "url": url}, ensure_ascii=False).encode()


def vapid_claims(endpoint: str) -> dict[str, str | int]:
    parts = urlsplit(endpoint)
    return {"sub": settings.WEBPUSH_VAPID_SUBJECT, "aud": f"{parts.scheme}://{parts.netloc}"}


class WebPushAdapter:
    channel = CHANNEL
    # Updates wait for the next batch, with jitter (SECURITY.md A7): see channels.common.updates.
    batched = True

    def enabled(self) -> bool:
        return vapid_configured()

    def receive(self, payload: bytes) -> None:  # a browser never writes to us through a push service
        raise NotImplementedError

    def reply(self, *, address: str, text: str) -> None:
        raise NotImplementedError  # only the content-free notification is ever pushed

    def notify(self, *, address: str, language: str) -> None:
        subscription = json.loads(address)
        try:
            webpush(
                subscription_info=subscription,
                data=push_payload(language),
                vapid_private_key=vapid(),
                vapid_claims=vapid_claims(subscription["endpoint"]),
                ttl=TTL,
                timeout=settings.CHANNELS_HTTP_TIMEOUT,
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                raise AddressGone from None
            # The endpoint is a capability: it is never put in a message or a log line.
            raise RuntimeError(f"push service answered {status}") from None
