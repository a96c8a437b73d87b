"""News on this phone (issue 17 point 3): the browser's Web Push subscription for one case.

The case is the one of the receipt just shown (``NEWS_SESSION_KEY``, set by the receipt page) or
the one opened with the receipt on the tracking page; never named in the request. The browser
sends its PushSubscription as JSON with the CSRF token in ``X-CSRFToken``; the subscription is
stored encrypted (``channels.webpush.services``).
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.cases.models import Case
from ourvoice.channels.webpush.services import webpush_subscribe, webpush_unsubscribe
from ourvoice.channels.webpush.vapid import vapid_configured
from ourvoice.web.selectors import tracked_case_get
from ourvoice.web.views.common import post_only

NEWS_SESSION_KEY = "web:news_case_id"
TRACKED_SESSION_KEY = "tracked_case_id"
BODY_MAX = 4096


def _case(request: HttpRequest) -> Case | None:
    for key in (NEWS_SESSION_KEY, TRACKED_SESSION_KEY):
        case_id = request.session.get(key)
        if isinstance(case_id, int):
            case = tracked_case_get(case_id=case_id)
            if case is not None:
                return case
    return None


def _subscription(request: HttpRequest) -> Any:
    if len(request.body) > BODY_MAX:
        return None
    try:
        return json.loads(request.body).get("subscription")
    except (ValueError, AttributeError):
        return None


def _problem(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


@post_only("web:track_case")
def news_subscribe(request: HttpRequest) -> HttpResponse:
    if not vapid_configured():
        return _problem(404, _("News on this phone is not offered here."))
    case = _case(request)
    if case is None:
        return _problem(404, _("Open your case with its receipt code first."))
    try:
        kept = webpush_subscribe(case=case, subscription=_subscription(request), language=get_language())
    except ValidationError as error:
        return _problem(400, error.messages[0])
    if kept is None:
        return _problem(410, _("This case's content was removed after the retention period."))
    return JsonResponse({"subscribed": True}, status=201)


@post_only("web:track_case")
def news_unsubscribe(request: HttpRequest) -> HttpResponse:
    case = _case(request)
    if case is None:
        return _problem(404, _("Open your case with its receipt code first."))
    try:
        removed = webpush_unsubscribe(case=case, subscription=_subscription(request))
    except ValidationError as error:
        return _problem(400, error.messages[0])
    return JsonResponse({"subscribed": False, "removed": removed})
