"""Staff intake pages under /<lang>/staff/cases/new/: topic, form, confirmation, slip.

Thin: ``access.py`` decides the office, ``services.py`` writes. The receipt goes from the form's
POST to the confirmation page and to the slip through the server-side session (sealed, never in
an address): the confirmation page shows it once, the slip takes it and removes it.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.models import User
from ourvoice.channels.staff.access import access_intake_office, intake_communes
from ourvoice.channels.staff.forms import StaffIntakeForm, TopicForm
from ourvoice.channels.staff.services import staff_feedback_enter
from ourvoice.channels.staff.slip import slip_pdf
from ourvoice.feedback.services import AlreadyReceived
from ourvoice.web.receipt_card import receipt_qr_svg, receipt_remember, receipt_take

# A form sent again long after it was entered: the receipt was shown then, and only then (B5).
ALREADY_ENTERED = gettext_lazy(
    "This report was already entered. Its receipt was shown when it was entered and cannot be shown "
    "again; the citizen follows the case with that receipt."
)
SHOW_KEY = "channels.staff:receipt_show"
SLIP_KEY = "channels.staff:receipt_slip"
OUTCOME_KEY = "channels.staff:outcome"


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def intake_new(request: HttpRequest) -> HttpResponse:
    """Without a topic: choose it (GET form). With one: the report's form, posted here."""
    office = access_intake_office(user=request.user)
    params = request.POST if request.method == "POST" else request.GET
    topic = TopicForm(params) if "category" in params or "kind" in params else TopicForm()
    if not topic.is_bound or not topic.is_valid():
        status = 400 if topic.is_bound else 200
        context = {"office": office, "topic": topic}
        return render(request, "channels/staff/topic.html", context, status=status)
    kind, category = topic.cleaned_data["kind"], topic.cleaned_data["category"]
    communes = intake_communes(office=office)
    form_args: dict[str, Any] = {"kind": kind, "category": category, "office": office, "communes": communes}
    if request.method != "POST":
        form = StaffIntakeForm(initial={"token": secrets.token_urlsafe(32)}, **form_args)
        return _render_form(request, office, topic, form)
    form = StaffIntakeForm(request.POST, **form_args)
    status = 400
    if form.is_valid():
        try:
            submission = staff_feedback_enter(
                user=_user(request),
                data=form.feedback_input(),
                idempotency_key=form.cleaned_data["token"] or None,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except AlreadyReceived:
            form.add_error(None, ALREADY_ENTERED)
            status = 409
        else:
            receipt_remember(request.session, submission.receipt, key=SHOW_KEY)
            receipt_remember(request.session, submission.receipt, key=SLIP_KEY)
            request.session[OUTCOME_KEY] = {
                "elsewhere": submission.case.office_id != office.pk,
                "case_id": submission.case.pk if submission.case.office_id == office.pk else None,
                "channel": form.cleaned_data["channel"],
            }
            return SeeOther(reverse("cases:intake:done"))
    return _render_form(request, office, topic, form, status=status)


def _render_form(
    request: HttpRequest, office: Any, topic: TopicForm, form: StaffIntakeForm, status: int = 200
) -> HttpResponse:
    context = {"office": office, "topic": topic, "form": form, "category": topic.cleaned_data["category"]}
    return render(request, "channels/staff/form.html", context, status=status)


@staff_required
@require_GET  # not HEAD: a HEAD request would use up the one showing
def intake_done(request: HttpRequest) -> HttpResponse:
    """The receipt, shown once, to read out or write down; the slip can be printed from here."""
    access_intake_office(user=request.user)
    shown = receipt_take(request.session, key=SHOW_KEY)
    outcome = request.session.get(OUTCOME_KEY) or {}
    context: dict[str, Any] = {
        "receipt": shown,
        "outcome": outcome,
        "slip_ready": SLIP_KEY in request.session,
    }
    if shown is not None:
        context |= {"groups": shown.grouped().split(" "), "qr_svg": receipt_qr_svg(shown)}
    return render(request, "channels/staff/done.html", context)


@staff_required
@require_POST
def intake_slip(request: HttpRequest) -> HttpResponse:
    """The printable slip (PDF) of the report just entered; taken from the session, then gone."""
    office = access_intake_office(user=request.user)
    receipt = receipt_take(request.session, key=SLIP_KEY)
    request.session.pop(SHOW_KEY, None)
    request.session.pop(OUTCOME_KEY, None)
    if receipt is None:
        return render(request, "channels/staff/done.html", {"receipt": None, "outcome": {}}, status=410)
    # A printed link: the site's configured address (OURVOICE_SITE_URL), not the one this request
    # happened to use (a clerk on the office network may reach the site by another name).
    with translation.override("km"):
        track_url = settings.OURVOICE_SITE_URL.rstrip("/") + reverse("web:track")
    pdf = slip_pdf(receipt=receipt, office=office, day=timezone.localdate(), track_url=track_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="our-voice-receipt-slip.pdf"'
    response["Cache-Control"] = "no-store"
    return response
