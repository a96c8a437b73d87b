"""About what? (the topic) and Tell us (the form), then the receipt, shown once.

The form's POST goes to ``feedback_submit`` with the idempotency token the page was given, so a
double tap or a retry after a dropped connection makes one report and shows the same receipt
(SECURITY.md G2) – within minutes of the first answer only (B5): later, the page says the report
exists (409). Too many reports from one client or to one office answer 429 with the form as it
was typed (D3). The receipt reaches its page through the session, never an address (A2).
"""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from ourvoice.catalogue.models import PublicAnswer
from ourvoice.catalogue.selectors import public_answers_before_asking, services_for_office
from ourvoice.feedback import throttle
from ourvoice.feedback.models import DESCRIPTION_MAX_LENGTH, Kind
from ourvoice.feedback.selectors import category_list
from ourvoice.feedback.services import ALREADY_RECEIVED, AlreadyReceived, feedback_submit
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import office_handling_complaint_about
from ourvoice.web.flow import Choice, resolve
from ourvoice.web.forms.feedback import FeedbackForm
from ourvoice.web.forms.fields import uploads_of
from ourvoice.web.kinds import ACTIONS_BY_KIND
from ourvoice.web.receipt_card import receipt_remember
from ourvoice.web.views.common import STEP_SENT, handles_flow_problems

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


SEND_AGAIN = _(
    "If you never saw that receipt, press Send again: your report will go as a new one, with a new receipt."
)


class SeeOther(HttpResponseRedirect):
    """303: after a POST, the browser fetches the next page with GET."""

    status_code = 303


def _overseer(choice: Choice) -> Office | None:
    """The office a complaint about the chosen office goes to (cases/routing.py), for the form's
    routing question, its notice and the preview of what would be public."""
    if choice.kind != Kind.COMPLAINT or choice.office is None or choice.category is None:
        return None
    return office_handling_complaint_about(office=choice.office)


def _context(choice: Choice) -> dict[str, object]:
    assert choice.office is not None
    return {
        "action": ACTIONS_BY_KIND[choice.kind],
        "choice": choice,
        "change_place": reverse("web:where", args=[choice.kind]),
        "change_office": (
            reverse("web:commune", args=[choice.kind, choice.commune.code])
            if choice.commune
            else reverse("web:office_kind", args=[choice.office.pk, choice.kind])
        ),
        "change_topic": choice.url("topic", category=""),
    }


@require_safe
@handles_flow_problems
def topic(request: HttpRequest, kind: str) -> HttpResponse:
    """The categories of this kind; the chosen one (``?category=``) leads on to the form."""
    choice = resolve(kind, request.GET, need_category=False)
    categories = list(category_list(kind=kind))
    error: StrOrPromise = ""
    chosen = request.GET.get("category", "").strip()
    if chosen:
        if any(category.code == chosen for category in categories):
            return HttpResponseRedirect(choice.url("form", category=chosen))
        error = _("Choose one of the topics in the list.")
    elif STEP_SENT in request.GET or "category" in request.GET:
        error = _("Choose what your report is about.")
    context = {
        **_context(choice),
        "categories": categories,
        "error": error,
        "error_links": [(f"category-{categories[0].code}", error)] if error and categories else [],
        "sent": STEP_SENT,
        "answers": _answers(choice),
    }
    return render(request, "ourvoice/web/submit_topic.html", context, status=400 if error else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@handles_flow_problems
def form(request: HttpRequest, kind: str) -> HttpResponse:
    choice = resolve(kind, request.GET, need_category=True)
    assert choice.category is not None and choice.office is not None
    services = services_for_office(office=choice.office) if choice.category.asks_fee else []
    where = {"office": choice.office, "overseer": _overseer(choice)}
    if request.method != "POST":
        feedback_form = FeedbackForm(
            kind=kind,
            category=choice.category,
            services=services,
            initial={"token": secrets.token_urlsafe(32)},
            **where,
        )
        return _render_form(request, choice, feedback_form)
    feedback_form = FeedbackForm(
        request.POST, request.FILES, kind=kind, category=choice.category, services=services, **where
    )
    status, retry_after = 400, None
    if feedback_form.is_valid():
        try:
            submission = feedback_submit(
                data=feedback_form.feedback_input(choice),
                uploads=uploads_of(feedback_form.cleaned_data["attachments"]),
                idempotency_key=feedback_form.cleaned_data["token"] or None,
                client=throttle.client_key(request),
            )
        except ValidationError as error:
            feedback_form.add_service_errors(error)
        except AlreadyReceived:
            # The token of a report acknowledged long ago (a page kept open, a draft sent again):
            # the receipt is never shown a second time (SECURITY.md B5). A citizen whose answer was
            # lost for longer than the window would be stuck: the form comes back with a new token,
            # so sending it again makes a new report with a new receipt.
            feedback_form.add_error(None, ALREADY_RECEIVED)
            feedback_form.add_error(None, SEND_AGAIN)
            fresh = request.POST.copy()
            fresh["token"] = secrets.token_urlsafe(32)
            feedback_form.data = fresh
            status = 409
        except throttle.Throttled as wait:
            # Nothing was stored; the form keeps what was typed (files must be chosen again).
            feedback_form.add_error(None, throttle.wait_message(wait))
            status, retry_after = 429, wait.retry_after
        else:
            receipt_remember(request.session, submission.receipt)
            return SeeOther(reverse("web:receipt"))
    response = _render_form(request, choice, feedback_form, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _answers(choice: Choice) -> list[PublicAnswer]:
    """Before asking for information: what the office already answered (on the chosen topic)."""
    if choice.kind != Kind.INFORMATION or choice.office is None:
        return []
    return public_answers_before_asking(office=choice.office, topic=choice.category)


def _render_form(
    request: HttpRequest, choice: Choice, feedback_form: FeedbackForm, status: int = 200
) -> HttpResponse:
    service_worker = reverse("web:service_worker")
    context = {
        **_context(choice),
        "form": feedback_form,
        "draft_key": f"{choice.kind}:{choice.category.code if choice.category else ''}",
        "service_worker": service_worker,
        "service_worker_scope": service_worker.rsplit("/", 1)[0] + "/",
        "description_max": DESCRIPTION_MAX_LENGTH,
        "max_files": settings.UPLOAD_MAX_FILES,
        "max_megabytes": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "answers": _answers(choice),
        "overseer": _overseer(choice),
        "today": timezone.localdate(),
    }
    return render(request, "ourvoice/web/submit_form.html", context, status=status)
