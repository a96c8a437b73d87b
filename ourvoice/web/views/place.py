"""Where? Province → district → commune (or a place search), then the office; and office links.

Every page is a GET with its choices in the address; htmx swaps the next list in place when it can
(``hx-boost``) and the search results as the citizen types, and without JavaScript each is a page.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ourvoice.analytics.public import office_public_indicators
from ourvoice.catalogue.selectors import public_answers_of_office, services_for_office
from ourvoice.geo.models import Commune, District, Province
from ourvoice.geo.selectors import PlaceMatch, commune_list, district_list, place_search, province_list
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import offices_serving_commune
from ourvoice.web import selectors
from ourvoice.web.flow import Choice, FlowProblem, commune_from_code, office_from_id, step_url
from ourvoice.web.kinds import ACTIONS_BY_KIND, CITIZEN_ACTIONS
from ourvoice.web.views.common import STEP_SENT, handles_flow_problems, is_htmx_target

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEARCH_LIMIT = 20
SEARCH_MAX_LENGTH = 100
PLACE_TYPES = {
    **dict(Province.Type.choices),
    **dict(District.Type.choices),
    **dict(Commune.Type.choices),
    "village": _("Village"),
}


def _result_url(kind: str, match: PlaceMatch) -> str:
    """A province or district leads to its list of communes; a village to its commune."""
    if match.level == "province":
        return step_url("province", kind, match.code)
    if match.level == "district":
        return step_url("district", kind, match.code)
    if match.level == "village" and match.commune is not None:
        return step_url("commune", kind, match.commune.code)
    return step_url("commune", kind, match.code)


@require_safe
def where(request: HttpRequest, kind: str) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    results = [
        (match, _result_url(kind, match), PLACE_TYPES.get(match.type, ""))
        for match in place_search(query=query, limit=SEARCH_LIMIT)
    ]
    context = {"action": ACTIONS_BY_KIND[kind], "query": query, "results": results, "searched": bool(query)}
    if is_htmx_target(request, "place-results"):
        return render(request, "ourvoice/web/includes/place_results.html", context)
    context["provinces"] = province_list()
    return render(request, "ourvoice/web/submit_where.html", context)


@require_safe
@handles_flow_problems
def province(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    try:
        place = selectors.province_get(code=code)
    except Province.DoesNotExist:
        raise FlowProblem(404, _("We do not know this province. Please choose the place again.")) from None
    context = {
        "action": ACTIONS_BY_KIND[kind],
        "province": place,
        "districts": district_list(province_code=code),
    }
    return render(request, "ourvoice/web/submit_districts.html", context)


@require_safe
@handles_flow_problems
def district(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    try:
        place = selectors.district_get(code=code)
    except District.DoesNotExist:
        raise FlowProblem(404, _("We do not know this district. Please choose the place again.")) from None
    context = {
        "action": ACTIONS_BY_KIND[kind],
        "district": place,
        "communes": commune_list(district_code=code),
    }
    return render(request, "ourvoice/web/submit_communes.html", context)


@require_safe
@handles_flow_problems
def commune(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The offices serving the commune; the chosen one (``?office=``) leads on to the topics."""
    place = commune_from_code(code)
    offices = offices_serving_commune(commune_code=place.code)
    error: StrOrPromise = ""
    chosen = request.GET.get("office", "").strip()
    if chosen:
        match = next((office for office in offices if str(office.pk) == chosen), None)
        if match is not None:
            return HttpResponseRedirect(Choice(kind=kind, commune=place, office=match).url("topic"))
        error = _("Choose one of the offices in the list.")
    elif STEP_SENT in request.GET or "office" in request.GET:
        # "Continue" with no radio chosen: the browser sends no ``office`` at all, only the marker.
        error = _("Choose the office your report is for.")
    context = {
        "action": ACTIONS_BY_KIND[kind],
        "commune": place,
        "offices": offices,
        "error": error,
        # The error summary's link puts the cursor on the first choice.
        "error_links": [(f"office-{offices[0].pk}", error)] if error and offices else [],
        "sent": STEP_SENT,
    }
    return render(request, "ourvoice/web/submit_office.html", context, status=400 if error else 200)


# --- An office's own link or QR code: /<lang>/o/<id>/ ------------------------------------------


@require_safe
@handles_flow_problems
def office_link(request: HttpRequest, office_id: str) -> HttpResponse:
    """The office's page: where and when, how to reach it, its services with their official fees,
    times and documents (the catalogue), the answers it published, and the ways to give feedback
    about it."""
    office = office_from_id(office_id)
    context = {
        "office": office,
        "actions": CITIZEN_ACTIONS,
        "services": services_for_office(office=office),
        "answers": public_answers_of_office(office=office),
        "indicators": office_public_indicators(office),
    }
    return render(request, "ourvoice/web/office_link.html", context)


@require_safe
@handles_flow_problems
def office_kind(request: HttpRequest, office_id: str, kind: str) -> HttpResponse:
    """A commune office knows its commune; at a district or provincial office the citizen may say
    which commune they live in (it helps the office) or skip."""
    office = office_from_id(office_id)
    if office.commune is not None:
        return HttpResponseRedirect(Choice(kind=kind, office=office, commune=office.commune).url("topic"))
    skip_url = Choice(kind=kind, office=office).url("topic")
    districts: list[District] = []
    communes: list[Commune] = []
    chosen_district = None
    if office.type in (Office.Type.OWSO, Office.Type.DISTRICT_OMBUDSMAN) and office.district_id:
        communes = list(commune_list(district_code=office.district_id))
    elif office.province_id:
        code = request.GET.get("district", "").strip()
        districts = list(district_list(province_code=office.province_id))
        chosen_district = next((d for d in districts if d.code == code), None)
        if code and chosen_district is None:
            raise FlowProblem(404, _("This district is not in the office's area. Please choose it again."))
        if chosen_district is not None:
            communes = list(commune_list(district_code=chosen_district.code))
    commune_links = [(c, Choice(kind=kind, office=office, commune=c).url("topic")) for c in communes]
    context = {
        "action": ACTIONS_BY_KIND[kind],
        "office": office,
        "districts": districts,
        "chosen_district": chosen_district,
        "communes": commune_links,
        "skip_url": skip_url,
        "here": reverse("web:office_kind", args=[office.pk, kind]),
    }
    return render(request, "ourvoice/web/office_area.html", context)
