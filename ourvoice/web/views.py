"""Citizen-facing pages. Views only render: what a page says lives in its template."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe


@dataclass(frozen=True)
class CitizenAction:
    """One of the four things a citizen can do (DOMAIN.md); issue 3 links each to its form."""

    kind: str
    title: Promise
    description: Promise


CITIZEN_ACTIONS = (
    CitizenAction(
        "complaint",
        _("Make a complaint"),
        _(
            "For example, you were asked to pay more than the official fee, the service was slow, "
            "or staff were rude or absent."
        ),
    ),
    CitizenAction(
        "support",
        _("Seek support"),
        _("Get help to obtain a service, or to solve a problem you have with one."),
    ),
    CitizenAction(
        "information",
        _("Ask for information"),
        _("Which documents you need, what the fee is, how long it takes and where to go."),
    ),
    CitizenAction(
        "evaluation",
        _("Evaluate a service"),
        _("Tell us how a service you used went, in a few simple questions."),
    ),
)

# A receipt code has 20 digits (SECURITY.md B1).
RECEIPT_DIGITS = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ourvoice/web/home.html",
        {"actions": CITIZEN_ACTIONS, "receipt_digits": RECEIPT_DIGITS},
    )
