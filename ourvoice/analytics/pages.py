"""What the dashboard and comparison pages show, built from the selectors (no queries of raw data).

Every number comes from a ``Value`` (``indicators.py``) and is written by ``display.py``; the
charts and the map get exactly the numbers of the tables next to them.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourvoice.analytics import display
from ourvoice.analytics.areas import names
from ourvoice.analytics.indicators import INDICATORS, Indicator, Value
from ourvoice.analytics.models import OTHER_SERVICE, Level, Split
from ourvoice.analytics.scope import NATION, Area, Filters
from ourvoice.analytics.selectors import Row, children, comparison, dashboard
from ourvoice.core.charts import bar_chart, grouped_bar_chart, line_chart
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.models import AgeBand, Category, Channel, Disability, Gender, Kind
from ourvoice.geo.maps import ATTRIBUTION, province_choropleth, province_shapes

SPLIT_CHOICES = {Split.GENDER: Gender, Split.AGE_BAND: AgeBand, Split.DISABILITY: Disability}
UNIT_TITLES = {
    "count": gettext_lazy("Counts"),
    "share": gettext_lazy("Shares (%)"),
    "days": gettext_lazy("Median working days"),
    "score": gettext_lazy("Ratings and scores (1-5)"),
    "riel": gettext_lazy("Median overcharge (riel)"),
}


@dataclass
class Section:
    """A chart and the table with the same numbers."""

    ident: str
    title: str
    chart: SafeString
    rows: list[tuple[str, str]] = field(default_factory=list)


def month_label(month: datetime.date, language: str) -> str:
    text = date_format(month, "M Y")
    return to_khmer_digits(text) if language == "km" else text


def _bars(ident: str, title: str, labelled: Sequence[tuple[str, Value]], indicator: Indicator) -> Section:
    chart = bar_chart(
        [(label, display.chart_number(indicator, value)) for label, value in labelled],
        title=title,
        value_format=display.FORMATS[indicator.unit],
        max_value=display.CHART_MAX[indicator.unit],
    )
    rows = [(label, display.text(indicator, value)) for label, value in labelled]
    return Section(ident, title, chart, rows)


def _label(choices: Any, key: str) -> str:
    return str(choices(key).label) if key in choices.values else key


def volumes(filters: Filters, *, language: str) -> tuple[Any, list[Section]]:
    board = dashboard(filters)
    reports = INDICATORS["reports"]
    name = "name_km" if language == "km" else "name_en"
    categories = dict(Category.objects.filter(pk__in=list(board.by_category)).values_list("pk", name))
    months = [(month_label(month, language), values["reports"]) for month, values in board.by_month]
    by_month = Section(
        "by-month",
        _("Reports by month"),
        line_chart(
            [label for label, _value in months],
            [(str(reports.label), [display.chart_number(reports, value) for _label, value in months])],
            title=_("Reports by month"),
            value_format=display.format_count,
        ),
        [(label, display.text(reports, value)) for label, value in months],
    )
    kinds = [(_label(Kind, key), value) for key, value in board.by_kind.items()]
    channels = [(_label(Channel, key), value) for key, value in board.by_channel.items()]
    cats = [(categories.get(key, str(key)), value) for key, value in board.by_category.items()]
    sections = [
        _bars("by-kind", _("Reports by kind"), sorted(kinds), reports),
        _bars("by-category", _("Reports by category"), sorted(cats), reports),
        _bars("by-channel", _("Reports by channel"), sorted(channels), reports),
        by_month,
    ]
    return board, sections


def headline(board: Any) -> list[dict[str, str]]:
    return [
        {
            "code": code,
            "label": str(indicator.label),
            "text": display.text(indicator, board.totals[code]),
            "spread": display.spread_text(board.totals[code]),
        }
        for code, indicator in INDICATORS.items()
    ]


def split_view(board: Any, split: str) -> dict[str, Any] | None:
    """Every indicator by the values of the chosen split: a table and a chart per unit."""
    if not split or split not in SPLIT_CHOICES:
        return None
    choices = SPLIT_CHOICES[Split(split)]
    keys = [key for key in choices.values if key in board.by_split]
    keys += sorted(key for key in board.by_split if key not in keys)
    columns = [_label(choices, key) for key in keys]
    rows = [
        {
            "label": str(indicator.label),
            "cells": [display.text(indicator, board.by_split[key][code]) for key in keys],
        }
        for code, indicator in INDICATORS.items()
    ]
    charts = []
    for unit, title in UNIT_TITLES.items():
        chosen = [i for i in INDICATORS.values() if i.unit == unit]
        charts.append(
            grouped_bar_chart(
                [str(i.label) for i in chosen],
                [
                    (column, [display.chart_number(i, board.by_split[key][i.code]) for i in chosen])
                    for column, key in zip(columns, keys, strict=True)
                ],
                title=str(title),
                value_format=display.FORMATS[unit],
                max_value=display.CHART_MAX[unit],
            )
        )
    return {"columns": columns, "rows": rows, "charts": charts}


def overcharge_rows(board: Any) -> list[tuple[str, str, str]]:
    """One row per service, by its name in the page's language ("another service" last)."""
    labels = display.service_labels(board.overcharge_by_service)
    rows = [
        (
            labels[service],
            display.text("overcharge_share", values["overcharge_share"]),
            display.text("overcharge_median", values["overcharge_median"]),
        )
        for service, values in sorted(
            board.overcharge_by_service.items(), key=lambda item: (item[0] == OTHER_SERVICE, labels[item[0]])
        )
    ]
    return rows


def province_map(filters: Filters, indicator: Indicator, *, language: str) -> dict[str, Any] | None:
    """The choropleth of the provinces and its table (national area only)."""
    if filters.area != NATION:
        return None
    shapes = province_shapes()
    known = {code for code, *_rest in shapes}
    values = {
        code: indicator.value(measures)
        for code, measures in children(filters, Level.PROVINCE, indicator.measures).items()
        if code in known
    }
    title = _("%(indicator)s by province") % {"indicator": indicator.label}
    svg = province_choropleth(
        {code: display.chart_number(indicator, value) for code, value in values.items()},
        title=title,
        legend_title=str(indicator.label),
        language=language,
        value_format=display.FORMATS[indicator.unit],
    )
    rows = [
        (
            name_km if language == "km" else name_en,
            display.text(indicator, values[code]) if code in values else display.NOTHING,
        )
        for code, name_km, name_en, _path in shapes
    ]
    return {"title": title, "svg": svg, "rows": rows, "attribution": ATTRIBUTION}


def _sort_value(row: Row, column: str, name: str) -> Any:
    if column == "name":
        return name.casefold()
    if column == "rank":
        return row.rank
    if column == "trend":
        return row.trend
    value = row.value if column == "value" else row.previous
    return value.number if value.shown else None


def comparison_rows(
    filters: Filters, *, level: str, indicator: Indicator, sort: str, language: str
) -> list[dict[str, Any]]:
    """The child areas ranked by ``indicator``, sorted by ``sort`` (a column, "-" for descending).

    Rows without a value in the sorted column (suppressed, no data) always come last.
    """
    rows = comparison(filters, level=level, indicator=indicator.code)
    labels = names([row.area for row in rows], language=language)
    column, descending = sort.lstrip("-") or "rank", sort.startswith("-")
    keyed = [(row, _sort_value(row, column, labels.get(row.area, ""))) for row in rows]
    present = sorted((p for p in keyed if p[1] is not None), key=lambda p: p[1], reverse=descending)
    missing = sorted((p for p in keyed if p[1] is None), key=lambda p: labels.get(p[0].area, "").casefold())
    result = []
    for row, _key in present + missing:
        arrow, words = display.trend_text(indicator, row.trend)
        result.append(
            {
                "area": row.area,
                "name": labels.get(row.area, row.area.id),
                "rank": display.format_count(row.rank) if row.rank else display.NOTHING,
                "value": display.text(indicator, row.value),
                "previous": display.text(indicator, row.previous),
                "arrow": arrow,
                "trend": words or display.NOTHING,
            }
        )
    return result


def child_level(area: Area, chosen: str) -> str | None:
    """The level the comparison shows below ``area`` (a province: districts unless offices)."""
    if area.level == Level.NATIONAL:
        return Level.PROVINCE
    if area.level == Level.PROVINCE:
        return Level.OFFICE if chosen == Level.OFFICE else Level.DISTRICT
    if area.level == Level.DISTRICT:
        return Level.OFFICE
    return None
