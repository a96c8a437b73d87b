"""The public services catalogue for citizens: search, a service's page (fee, time, documents,
where, and the answers offices published). Plain GET pages that work without JavaScript."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ourvoice.catalogue.models import Service
from ourvoice.catalogue.search import catalogue_search
from ourvoice.catalogue.selectors import public_answers_of_service, service_get, service_list
from ourvoice.core.search import QUERY_MAX_LENGTH
from ourvoice.web.flow import FlowProblem
from ourvoice.web.views.common import handles_flow_problems


@require_safe
def services(request: HttpRequest) -> HttpResponse:
    """``?q=``: services and public answers matching the words, in Khmer or English; without a
    query, every service."""
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_LENGTH]
    context = {
        "query": query,
        "searched": bool(query),
        "results": catalogue_search(query=query) if query else None,
        "services": [] if query else service_list(),
        "max_length": QUERY_MAX_LENGTH,
    }
    return render(request, "ourvoice/web/services.html", context)


@require_safe
@handles_flow_problems
def service(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found = service_get(code=code)
    except Service.DoesNotExist:
        raise FlowProblem(404, _("We do not know this service. Search the list of services again.")) from None
    context = {"service": found, "answers": public_answers_of_service(service=found)}
    return render(request, "ourvoice/web/service_detail.html", context)
