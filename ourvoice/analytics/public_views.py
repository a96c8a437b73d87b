"""The public transparency pages and the open-data CSV: no sign-in, nothing but suppressed
aggregates (``public.py``). Anyone can hit them, so the figures are cached for a few minutes
(the data, not the page: pages carry a CSRF token and a CSP nonce)."""

import csv
import io
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ourvoice.analytics.indicators import INDICATORS
from ourvoice.analytics.models import Level
from ourvoice.analytics.public import PUBLIC, PublicArea, open_data_rows, public_area
from ourvoice.analytics.report_format import chart_format, chart_number, period_label, value_text
from ourvoice.analytics.scope import NATION, Area
from ourvoice.geo.maps import ATTRIBUTION, province_choropleth, province_shapes
from ourvoice.geo.models import Province

CACHE_SECONDS = 300
MAP_INDICATOR = "resolve_on_time"
T = TypeVar("T")


def _cached(key: str, make: Callable[[], T]) -> T:
    found = cache.get(f"transparency:{key}")
    if found is None:
        found = make()
        cache.set(f"transparency:{key}", found, CACHE_SECONDS)
    return cast(T, found)


def _table(data: PublicArea, language: str) -> dict[str, Any]:
    return {
        "period": period_label(data.start, data.end),
        "headers": [str(INDICATORS[code].label) for code in PUBLIC],
        "totals": [(str(INDICATORS[c].label), value_text(data.totals[c], c)) for c in PUBLIC],
        "rows": [
            (
                row.code,
                row.name_km if language == "km" else row.name_en,
                [value_text(row.values[c], c) for c in PUBLIC],
            )
            for row in data.rows
        ],
    }


def _map(data: PublicArea, language: str) -> str:
    known = {code for code, *_rest in province_shapes()}
    return province_choropleth(
        {
            row.code: chart_number(row.values[MAP_INDICATOR], MAP_INDICATOR)
            for row in data.rows
            if row.code in known
        },
        title=_("Cases resolved on time, by province (%)"),
        legend_title=_("Resolved on time (%)"),
        language=language,
        value_format=chart_format(MAP_INDICATOR),
    )


@require_safe
def transparency_index(request: HttpRequest) -> HttpResponse:
    language = get_language() or "km"

    def make() -> dict[str, Any]:
        data = public_area(area=NATION)
        return {**_table(data, language), "map": _map(data, language)}

    context = {**_cached(f"nation:{language}", make), "attribution": ATTRIBUTION}
    return render(request, "analytics/public_index.html", context)


@require_safe
def transparency_province(request: HttpRequest, province_code: str) -> HttpResponse:
    language = get_language() or "km"
    if len(province_code) > 8 or not province_code.isdigit():
        raise Http404
    province = Province.objects.filter(pk=province_code).first()
    if province is None:
        raise Http404
    table = _cached(
        f"province:{province.pk}:{language}",
        lambda: _table(public_area(area=Area(Level.PROVINCE, province.pk)), language),
    )
    return render(request, "analytics/public_province.html", {**table, "province": province})


@require_safe
def transparency_open_data(request: HttpRequest) -> HttpResponse:
    def make() -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(open_data_rows())
        return out.getvalue()

    response = HttpResponse(_cached("open-data.csv", make), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ourvoice-open-data.csv"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
