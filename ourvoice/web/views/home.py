"""The home page: what the platform is and the four ways in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ourvoice.web.kinds import CITIZEN_ACTIONS, RECEIPT_DIGITS


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ourvoice/web/home.html",
        {"actions": CITIZEN_ACTIONS, "receipt_digits": RECEIPT_DIGITS},
    )


# What a quick exit forgets of this browser's session: the case opened with a receipt, the case
# of a receipt just shown, and a receipt not yet shown.
QUICK_EXIT_FORGETS = ("tracked_case_id", "web:news_case_id", "web:receipt_once")


def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave at once (a control on every citizen page): forget the case in this session and show
    the public services list, a page anyone may be seen reading. The script replaces the page in
    the history, so Back does not return to it."""
    for key in QUICK_EXIT_FORGETS:
        request.session.pop(key, None)
    return redirect("web:services")
