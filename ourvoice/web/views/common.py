"""What the citizen pages share: the flow's problem page and the kind a page is about."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from ourvoice.web.flow import FlowProblem
from ourvoice.web.kinds import ACTIONS_BY_KIND

View = Callable[..., HttpResponse]
# A hidden field of the office and topic steps' GET forms. A radio group with nothing chosen is
# not sent at all, so without it "Continue" would only reload the step, with no message.
STEP_SENT = "sent"


def flow_problem(request: HttpRequest, problem: FlowProblem, kind: str | None = None) -> HttpResponse:
    context = {"message": problem.message, "action": ACTIONS_BY_KIND.get(kind or "")}
    return render(request, "ourvoice/web/flow_problem.html", context, status=problem.status)


def handles_flow_problems(view: View) -> View:
    """A bad choice in the address becomes a 400/404 page that says what to do, never a 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except FlowProblem as problem:
            return flow_problem(request, problem, kwargs.get("kind"))

    return wrapper


def is_htmx_target(request: HttpRequest, target: str) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == target


def post_only(back_to: str, fragment: str = "") -> Callable[[View], View]:
    """A POST-only address whose GET (a reload or a reopened tab after a form came back with an
    error) redirects to the page the form lives on, instead of a bare 405."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return HttpResponseRedirect(reverse(back_to) + fragment)
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
