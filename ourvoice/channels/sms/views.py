"""The inbound webhook an SMS gateway calls for each SMS (format: ``gateway.py``, docs/channels.md).

404 while SMS is not configured; 403 without a valid bearer token or signature; 400 for a body
that is not an SMS; otherwise 200 at once, the SMS being handled by a background task. A gateway
id seen before (a retry) is acknowledged and dropped.
"""

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ourvoice.channels.common.services import inbound_first_seen
from ourvoice.channels.sms.adapter import sms_seal
from ourvoice.channels.sms.gateway import inbound_parse, request_verified, sms_configured
from ourvoice.core.crypto import lookup_hashes
from ourvoice.feedback.models import Channel

MAX_BODY_BYTES = 16 * 1024


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    if not sms_configured():
        raise Http404
    if not request_verified(request):
        return HttpResponse(status=403)
    sms = inbound_parse(request) if len(request.body) <= MAX_BODY_BYTES else None
    if sms is None:
        return JsonResponse({"ok": False, "error": "expected from and text"}, status=400)
    from ourvoice.channels.sms.tasks import sms_inbound

    with transaction.atomic():
        if sms.gateway_id:
            key, *earlier = lookup_hashes(sms.gateway_id, purpose="sms-inbound-id")
            if not inbound_first_seen(channel=Channel.SMS, key=key, earlier_keys=earlier):
                return JsonResponse({"ok": True})
        # Queued inside the transaction: if the queue refuses it, the id is not kept as seen and
        # the gateway's retry is handled.
        sms_inbound(sms_seal(phone=sms.phone, text=sms.text))
    return JsonResponse({"ok": True})
