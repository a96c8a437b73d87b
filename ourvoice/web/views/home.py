"""The home page: what the platform is and the four ways in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ourvoice.web.kinds import CITIZEN_ACTIONS, RECEIPT_DIGITS


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ourvoice/web/home.html",
        {"actions": CITIZEN_ACTIONS, "receipt_digits": RECEIPT_DIGITS},
    )
