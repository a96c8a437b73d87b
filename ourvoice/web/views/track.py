"""Following a case with its receipt: status, timeline, messages, reply, rating, withdrawing the
contact details (SECURITY.md C5), forget.

The receipt is typed into a POST form; once it opens the case, only the case's id is kept, in the
server-side session under ``tracked_case_id`` (SECURITY.md A2). An unknown case and a wrong secret
get the same page and status (404, B4); guessing is answered 429 with Retry-After (B3).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ourvoice.cases.models import Case, Status
from ourvoice.cases.services import APPEAL_SCORES, case_rate
from ourvoice.channels.webpush.vapid import vapid_public_key
from ourvoice.feedback import throttle
from ourvoice.feedback.retention import feedback_contact_withdraw
from ourvoice.feedback.selectors import case_can_be_rated, case_messages, case_timeline, feedback_contact_kept
from ourvoice.feedback.services import ReceiptRejected, receipt_open
from ourvoice.messaging.services import message_post_by_citizen
from ourvoice.web.forms.fields import uploads_of
from ourvoice.web.forms.track import RatingForm, ReplyForm, TrackForm
from ourvoice.web.kinds import ACTIONS_BY_KIND
from ourvoice.web.selectors import tracked_case_get
from ourvoice.web.views.common import post_only
from ourvoice.web.views.submit import SeeOther

SESSION_KEY = "tracked_case_id"
CLOSED_FOR_REPLIES = (Status.CLOSED, Status.REJECTED)


@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "ourvoice/web/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "ourvoice/web/track.html", {"form": form}, status=400)
    try:
        case = receipt_open(receipt_text=form.cleaned_data["receipt"], client=throttle.client_key(request))
    except throttle.Throttled as wait:
        minutes = max(1, (wait.retry_after + 59) // 60)
        response = render(
            request,
            "ourvoice/web/track.html",
            {"form": form, "throttled_minutes": minutes},
            status=429,
        )
        response["Retry-After"] = str(wait.retry_after)
        return response
    except ReceiptRejected:
        # What was typed stays in the field to be corrected (one wrong digit of twenty is the usual
        # mistake). The page is never cached (no-store) and the code never goes into an address (A2).
        return render(request, "ourvoice/web/track.html", {"form": form, "rejected": True}, status=404)
    request.session.cycle_key()  # a new session id once it gives access to a case
    request.session[SESSION_KEY] = case.pk
    return SeeOther(reverse("web:track_case"))


def _tracked(request: HttpRequest) -> Case | None:
    case_id = request.session.get(SESSION_KEY)
    if not isinstance(case_id, int):
        return None
    case = tracked_case_get(case_id=case_id)
    if case is None:
        request.session.pop(SESSION_KEY, None)
    return case


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    reply_form: ReplyForm | None = None,
    rating_form: RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    feedback = case.feedback
    context = {
        "case": case,
        "feedback": feedback,
        "action": ACTIONS_BY_KIND.get(feedback.kind),
        "timeline": case_timeline(case=case),
        "case_messages": case_messages(case=case),
        "can_reply": case.status not in CLOSED_FOR_REPLIES and feedback.purged_at is None,
        "contact_kept": feedback_contact_kept(feedback=feedback),
        "can_rate": case_can_be_rated(case=case),
        "reply_form": reply_form or ReplyForm(),
        "rating_form": rating_form or RatingForm(),
        # News on this phone is offered while news can still come.
        "news_case": case if case.status not in CLOSED_FOR_REPLIES and feedback.purged_at is None else None,
        "vapid_public_key": vapid_public_key(),
    }
    return render(request, "ourvoice/web/track_case.html", context, status=status)


def _back_to_track() -> HttpResponse:
    return SeeOther(reverse("web:track"))


@require_safe
def track_case(request: HttpRequest) -> HttpResponse:
    case = _tracked(request)
    return _back_to_track() if case is None else _case_page(request, case)


@post_only("web:track_case", "#messages")
def track_reply(request: HttpRequest) -> HttpResponse:
    case = _tracked(request)
    if case is None:
        return _back_to_track()
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message_post_by_citizen(
                case=case,
                body=form.cleaned_data["body"],
                uploads=uploads_of(form.cleaned_data["attachments"]),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your message was sent to the office."))
            return SeeOther(reverse("web:track_case") + "#messages")
    return _case_page(request, case, reply_form=form, status=400)


@post_only("web:track_case", "#rate-title")
def track_rate(request: HttpRequest) -> HttpResponse:
    case = _tracked(request)
    if case is None:
        return _back_to_track()
    form = RatingForm(request.POST)
    if form.is_valid():
        score = int(form.cleaned_data["score"])
        try:
            case_rate(case=case, score=score)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("score", message)
        else:
            if score in APPEAL_SCORES:
                messages.success(request, _("Thank you. Your case was sent to the next level for review."))
            else:
                messages.success(request, _("Thank you for rating the outcome."))
            return SeeOther(reverse("web:track_case"))
    return _case_page(request, case, rating_form=form, status=400)


@post_only("web:track_case", "#contact-title")
def track_contact_withdraw(request: HttpRequest) -> HttpResponse:
    """Remove the citizen's contact details and opt-ins to updates, at any time (C5)."""
    case = _tracked(request)
    if case is None:
        return _back_to_track()
    if feedback_contact_withdraw(case=case):
        messages.success(
            request,
            _(
                "Your contact details were removed. The office can no longer contact you, "
                "and no updates will be sent."
            ),
        )
    else:
        messages.info(request, _("No contact details are kept for this case."))
    return SeeOther(reverse("web:track_case"))


@post_only("web:track")
def track_forget(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.pop("web:news_case_id", None)
    messages.success(request, _("This device no longer has access to the case."))
    return _back_to_track()
