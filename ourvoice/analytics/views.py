"""Staff oversight pages under /<lang>/staff/analytics/: the dashboard and the comparison.

Thin: ``scope.scope_of`` decides who sees which area (no scope, or an area outside it: 404),
``forms.py`` checks the filters (400 with the message and what was entered), ``pages.py``
builds what is shown from the selectors.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ourvoice.accounts.decorators import staff_required
from ourvoice.analytics import pages
from ourvoice.analytics.areas import ancestors, area_param, child_areas, names, parse_area
from ourvoice.analytics.exports_cases import may_export_cases
from ourvoice.analytics.forms import ComparisonForm, FilterForm
from ourvoice.analytics.indicators import INDICATORS
from ourvoice.analytics.models import Level
from ourvoice.analytics.params import query_of
from ourvoice.analytics.scope import Area, Filters, scope_of

COLUMNS = (
    ("rank", gettext_lazy("Rank")),
    ("name", gettext_lazy("Area")),
    ("value", gettext_lazy("This period")),
    ("previous", gettext_lazy("Previous period")),
    ("trend", gettext_lazy("Trend")),
)


def _query(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def _downloads(request: HttpRequest, name: str, query: str) -> list[tuple[str, str]]:
    """Links to the same view as CSV and XLSX (and, for roles allowed it, the case list)."""
    links = [
        (label, f"{reverse(f'analytics_exports:{name}', args=[fmt])}?{query}")
        for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"))
    ]
    if may_export_cases(user=request.user):
        links.append((_("De-identified case list"), f"{reverse('analytics_exports:cases')}?{query}"))
    return links


def _setup(request: HttpRequest, form_class: type[FilterForm]) -> tuple[FilterForm, Area, dict[str, Any]]:
    scope = scope_of(user=request.user)
    if scope is None:
        raise Http404
    area = parse_area(scope=scope, param=request.GET.get("area", ""))
    language = get_language() or "km"
    up, down = ancestors(area, scope=scope), child_areas(area)
    labels = names([*up, area, *down], language=language)
    choices = [(area_param(a), labels.get(a, a.id)) for a in [*up, area]]
    choices += [(area_param(a), f"– {labels.get(a, a.id)}") for a in down]
    data, default = None, Filters.default(area)
    if request.GET:
        data = request.GET.copy()
        data["area"] = area_param(area)
        for name, month in (("start", default.start), ("end", default.end)):
            data[name] = data.get(name) or month.strftime("%Y-%m")  # shown as used
    form = form_class(data, area_choices=choices, default=default, area=area_param(area))
    context = {
        "form": form,
        "language": language,
        "area_name": labels.get(area, ""),
        "way_up": [(labels.get(a, a.id), _query(request, area=area_param(a), sort="")) for a in up],
        "dashboard_url": reverse("analytics:dashboard") + _query(request, sort="", level=""),
        "comparison_url": reverse("analytics:comparison") + _query(request, sort=""),
    }
    return form, area, context


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, area, context = _setup(request, FilterForm)
    if form.is_bound and not form.is_valid():
        return render(request, "ourvoice/analytics/dashboard.html", context, status=400)
    filters = form.filters(area)
    language = context["language"]
    board, sections = pages.volumes(filters, language=language)
    context.update(
        {
            "filters": filters,
            "headline": pages.headline(board),
            "sections": sections,
            "split": pages.split_view(board, filters.split),
            "split_label": dict(form.fields["split"].choices).get(filters.split, ""),  # type: ignore[attr-defined]
            "overcharge": pages.overcharge_rows(board),
            "map": pages.province_map(filters, INDICATORS[form.chosen_indicator()], language=language),
            "downloads": _downloads(request, "dashboard", query_of(filters)),
        }
    )
    return render(request, "ourvoice/analytics/dashboard.html", context)


@staff_required
def comparison(request: HttpRequest) -> HttpResponse:
    form, area, context = _setup(request, ComparisonForm)
    if form.is_bound and not form.is_valid():
        return render(request, "ourvoice/analytics/comparison.html", context, status=400)
    filters = form.filters(area)
    language = context["language"]
    indicator = INDICATORS[form.chosen_indicator()]
    level = pages.child_level(area, form.cleaned_data.get("level", "") if form.is_bound else "")
    sort = (form.cleaned_data.get("sort") if form.is_bound else "") or "rank"
    context.update({"indicator": indicator, "level": level, "offers_level": area.level == Level.PROVINCE})
    if level is not None:
        column, descending = sort.lstrip("-"), sort.startswith("-")
        context["columns"] = [
            {
                "label": label,
                "href": _query(request, sort=f"-{key}" if key == column and not descending else key),
                "sort": ("descending" if descending else "ascending") if key == column else "",
            }
            for key, label in COLUMNS
        ]
        context["rows"] = pages.comparison_rows(
            filters, level=level, indicator=indicator, sort=sort, language=language
        )
        dashboard_url = reverse("analytics:dashboard")
        for row in context["rows"]:
            row["href"] = dashboard_url + _query(request, area=area_param(row["area"]), sort="", level="")
        context["level_label"] = {
            Level.PROVINCE: _("Provinces"),
            Level.DISTRICT: _("Districts"),
            Level.OFFICE: _("Offices"),
        }[Level(level)]
        if level == Level.PROVINCE:
            context["map"] = pages.province_map(filters, indicator, language=language)
        context["downloads"] = _downloads(
            request, "comparison", query_of(filters, level=level, indicator=indicator.code)
        )
    return render(request, "ourvoice/analytics/comparison.html", context)
