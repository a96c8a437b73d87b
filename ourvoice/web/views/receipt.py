"""The receipt page (shown once, SECURITY.md B5) and the receipt as an image to keep."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ourvoice.channels.webpush.vapid import vapid_public_key
from ourvoice.feedback.receipts import parse_receipt
from ourvoice.web.receipt_card import receipt_qr_svg, receipt_take
from ourvoice.web.receipt_image import receipt_png
from ourvoice.web.selectors import case_of_locator
from ourvoice.web.views.common import post_only
from ourvoice.web.views.news import NEWS_SESSION_KEY


@require_GET  # not HEAD: a HEAD request would use up the one showing
def receipt(request: HttpRequest) -> HttpResponse:
    shown = receipt_take(request.session)
    if shown is None:
        return render(request, "ourvoice/web/receipt_gone.html")
    groups = shown.grouped().split(" ")
    case = case_of_locator(locator=shown.locator)
    if case is not None:  # "tell me when there is news" may follow, for this case only
        request.session[NEWS_SESSION_KEY] = case.pk
    context = {"receipt": shown, "groups": groups, "qr_svg": receipt_qr_svg(shown), "news_case": case}
    context["vapid_public_key"] = vapid_public_key()
    return render(request, "ourvoice/web/receipt.html", context)


@post_only("web:receipt")
def receipt_image(request: HttpRequest) -> HttpResponse:
    """A PNG of the receipt posted from the receipt page (in the body: never in an address), in the
    page's language and digits."""
    posted = parse_receipt(request.POST.get("receipt", ""))
    if posted is None:
        return HttpResponseBadRequest(render(request, "400.html").content)
    response = HttpResponse(receipt_png(posted), content_type="image/png")
    response["Content-Disposition"] = 'attachment; filename="our-voice-receipt.png"'
    return response
