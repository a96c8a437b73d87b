"""The webhook Telegram calls with each update (https://core.telegram.org/bots/api#setwebhook).

- 404 when the channel is not configured; 403 unless ``X-Telegram-Bot-Api-Secret-Token`` equals
  ``TELEGRAM_WEBHOOK_SECRET`` (compared in constant time).
- Otherwise always 200, at once: the update is handled by a background task. An update_id seen
  before (Telegram retries when an answer is slow or lost) is acknowledged and dropped.
- Nothing of the request is logged or stored except the update_id and, encrypted, the parts of
  the update the conversation needs (``inbound.py``).
"""

import hmac
import json

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ourvoice.channels.common.services import inbound_first_seen
from ourvoice.channels.telegram.api import telegram_configured
from ourvoice.channels.telegram.inbound import inbound_from_update, inbound_seal
from ourvoice.feedback.models import Channel

MAX_UPDATE_BYTES = 256 * 1024


def _ok() -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    if not telegram_configured():
        raise Http404
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), settings.TELEGRAM_WEBHOOK_SECRET.encode()):
        return HttpResponse(status=403)
    if len(request.body) > MAX_UPDATE_BYTES:
        return _ok()  # nothing a private chat sends is this large: acknowledged, ignored
    try:
        update = json.loads(request.body)
        update_id = int(update["update_id"])
    except (ValueError, TypeError, KeyError):
        return _ok()
    if not isinstance(update, dict):
        return _ok()
    from ourvoice.channels.telegram.tasks import telegram_update

    with transaction.atomic():
        if not inbound_first_seen(channel=Channel.TELEGRAM, key=str(update_id)):
            return _ok()
        inbound = inbound_from_update(update)
        if inbound is not None:
            # Queued inside the transaction: if the queue refuses it, the update_id is not kept as
            # seen and Telegram's retry (after our 500) is handled. The task needs no row of ours.
            telegram_update(inbound_seal(inbound))
    return _ok()
