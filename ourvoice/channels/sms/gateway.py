"""A generic SMS gateway: what it POSTs to us, how it proves itself, and how we send through it.

Inbound (gateway → ``/channels/sms/inbound/``), JSON or form-encoded::

    {"from": "+85512345678", "text": "STATUS 1234 5678 9012 3456 7890", "id": "gateway-msg-17"}

authenticated by either header (docs/channels.md):
    ``Authorization: Bearer <SMS_WEBHOOK_SECRET>``, or
    ``X-OurVoice-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with SMS_WEBHOOK_SECRET>``.

Outbound (us → ``SMS_GATEWAY_URL``): ``POST {"to": "+85512345678", "text": "..."}`` as JSON, with
``Authorization: Bearer <SMS_GATEWAY_TOKEN>`` when that is set; any 2xx answer is success.
"""

import hashlib
import hmac
import json
import re
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from ourvoice.channels.common.http import ChannelHttpError, post_json
from ourvoice.core.khmer import to_latin_digits

MAX_TEXT = 1600  # ten concatenated parts is more than any citizen's SMS


def sms_configured() -> bool:
    return bool(settings.SMS_WEBHOOK_SECRET and settings.SMS_GATEWAY_URL)


def request_verified(request: HttpRequest) -> bool:
    secret = settings.SMS_WEBHOOK_SECRET.encode()
    bearer = request.headers.get("Authorization", "")
    if bearer.startswith("Bearer ") and hmac.compare_digest(bearer[7:].strip().encode(), secret):
        return True
    signature = request.headers.get("X-OurVoice-Signature", "")
    if signature.startswith("sha256="):
        expected = hmac.new(secret, request.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(signature[7:].strip().lower().encode(), expected.encode())
    return False


def normalize_phone(raw: str) -> str:
    """One form per number (+855…), so that its keyed hash is the same however it is written."""
    text = to_latin_digits(raw).strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("855"):
        return "+" + digits
    if digits.startswith("0"):
        return "+855" + digits[1:]
    return digits


@dataclass(frozen=True)
class InboundSms:
    phone: str
    text: str
    gateway_id: str


def inbound_parse(request: HttpRequest) -> InboundSms | None:
    """The sender, text and gateway id of an inbound POST; None when it is not one."""
    fields: dict[str, object]
    if request.content_type == "application/json":
        try:
            loaded = json.loads(request.body)
        except ValueError:
            return None
        if not isinstance(loaded, dict):
            return None
        fields = loaded
    else:
        fields = {k: v[-1] for k, v in urllib.parse.parse_qs(request.body.decode("utf-8", "replace")).items()}
    sender, text = fields.get("from"), fields.get("text")
    if not isinstance(sender, str) or not isinstance(text, str):
        return None
    phone = normalize_phone(sender)
    if not 6 <= len(phone.lstrip("+")) <= 15:
        return None
    return InboundSms(phone=phone, text=text[:MAX_TEXT], gateway_id=str(fields.get("id", ""))[:200])


def sms_send(*, to: str, text: str) -> None:
    headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if settings.SMS_GATEWAY_TOKEN else {}
    answer = post_json(settings.SMS_GATEWAY_URL, {"to": to, "text": text}, headers=headers)
    if isinstance(answer, dict) and answer.get("ok") is False:
        raise ChannelHttpError("the gateway refused the message")
