"""The quarterly report as a PDF (WeasyPrint through ``core/pdf.py``: shaped Khmer, vendored font).

Draws ``report.report_data`` in one language: headline indicators, the tables by kind, category
and month, the gender split of the main indicators, the table of provinces (national report) or
districts (province report), charts, the province map with its ODbL attribution, the date it was
generated and the definitions. Every number goes through ``report_format.value_text``, so what
is suppressed reads "< 5". Khmer runs are cut into words joined by U+200B so that Pango wraps them.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ourvoice.analytics.indicators import INDICATORS, Value
from ourvoice.analytics.models import Level
from ourvoice.analytics.report import HEADLINE, MAIN, MAP_INDICATOR, MONTH_COLUMNS, Report, report_data
from ourvoice.analytics.report_format import (
    Quarter,
    chart_format,
    chart_number,
    month_label,
    value_text,
)
from ourvoice.analytics.scope import Area
from ourvoice.core.notices import data_notice
from ourvoice.core.pdf import font_urls, khmer_wrappable, pdf_render
from ourvoice.core.svg import ValueFormat
from ourvoice.feedback.models import Gender, Kind
from ourvoice.geo.maps import ATTRIBUTION, province_choropleth

SHARES = ["ack_on_time", "resolve_on_time", "overcharge_share"]


def _cells(values: dict[str, Value], codes: list[str]) -> list[str]:
    return [value_text(values.get(code, Value(None)), code) for code in codes]


def _headers(codes: list[str]) -> list[str]:
    return [str(INDICATORS[code].label) for code in codes]


def _count_rows(column: dict[Any, Value], names: dict[Any, str]) -> list[tuple[str, str, float | None]]:
    """(name, text, chart value) of a group of counts, largest first, suppressed ones last."""
    rows = [
        (names.get(key, str(key)), value_text(v, "reports"), chart_number(v, "reports"))
        for key, v in column.items()
    ]
    return sorted(rows, key=lambda row: (row[2] is None, -(row[2] or 0), row[0]))


@dataclass(frozen=True)
class Bar:
    """One bar of a chart drawn in HTML: its label, its text ("< 5" when suppressed), its length."""

    label: str
    text: str
    percent: float | None  # of the chart's width; None: suppressed or nothing, no bar


def _bars(rows: list[tuple[str, str, float | None]], top: float | None = None) -> list[Bar]:
    top = top or max([number for _n, _t, number in rows if number is not None] + [0.0]) or 1.0
    return [
        Bar(name, text, None if number is None else round(85 * min(number, top) / top, 1))
        for name, text, number in rows
    ]


# Khmer letters, vowels and signs (not the digits, which need no shaping).
_KHMER_TEXT = re.compile(r"<text\b[^>]*>(?:(?!</text>).)*[\u1780-\u17dd](?:(?!</text>).)*</text>", re.S)


def pdf_map(values: dict[str, float | None], *, language: str, value_format: ValueFormat) -> str:
    """The province map for a PDF: WeasyPrint draws SVG text letter by letter, unshaped, so texts
    in Khmer script are taken out of the drawing; the page gives them in HTML (title, legend)."""
    svg = province_choropleth(
        values,
        title=_("Resolved on time, by province (%)"),
        legend_title="%",
        language=language,
        value_format=value_format,
    )
    return mark_safe(_KHMER_TEXT.sub("", svg))  # noqa: S308 - removes elements from our own markup


def _context(report: Report, language: str) -> dict[str, Any]:
    board = report.board
    kinds = _count_rows(board.by_kind, {k: str(label) for k, label in Kind.choices})
    index = 0 if language == "km" else 1
    categories = _count_rows(board.by_category, {pk: names[index] for pk, names in report.categories.items()})
    genders = [(str(label), _cells(report.by_gender.get(g, {}), MAIN)) for g, label in Gender.choices]
    gender_charts = [
        (
            str(INDICATORS[code].label),
            _bars(
                [
                    (str(label), value_text(v, code), chart_number(v, code))
                    for g, label in Gender.choices
                    for v in [report.by_gender.get(g, {}).get(code, Value(None))]
                ],
                top=100,
            ),
        )
        for code in SHARES
    ]
    share = chart_format(MAP_INDICATOR)
    map_svg = pdf_map(
        {code: chart_number(v, MAP_INDICATOR) for code, v in report.map_values.items()},
        language=language,
        value_format=share,
    )
    return {
        "report": report,
        "language": language,
        "name": report.name_km if language == "km" else report.name_en,
        "is_national": report.area.level == Level.NATIONAL,
        "quarter_label": report.quarter.label(),
        "period": f"{month_label(report.quarter.start)} – {month_label(report.quarter.end)}",
        "generated": timezone.localtime(),
        "headline": [(str(INDICATORS[c].label), value_text(board.totals[c], c)) for c in HEADLINE],
        "kinds": kinds,
        "kind_chart": _bars(kinds),
        "categories": categories,
        "category_chart": _bars(categories[:12]),
        "month_headers": _headers(MONTH_COLUMNS),
        "months": [(month_label(m), _cells(v, MONTH_COLUMNS)) for m, v in report.months],
        "main_headers": _headers(MAIN),
        "genders": genders,
        "gender_charts": gender_charts,
        "rows": [
            (row.name_km if language == "km" else row.name_en, _cells(row.values, MAIN))
            for row in report.rows
        ],
        "map": map_svg,
        "map_title": str(INDICATORS[MAP_INDICATOR].label),
        "map_rows": [
            (
                row.name_km if language == "km" else row.name_en,
                value_text(report.map_values.get(row.code, Value(None)), MAP_INDICATOR),
            )
            for row in report.rows
        ]
        if report.area.level == Level.NATIONAL
        else [],
        "attribution": ATTRIBUTION,
        "fonts": font_urls(),
        "data_notice": data_notice(),  # "synthetic demo data" (no request here: no context processor)
    }


def report_html(*, area: Area, quarter: Quarter, language: str) -> str:
    with translation.override(language):
        html = render_to_string(
            "analytics/report.html", _context(report_data(area=area, quarter=quarter), language)
        )
    return khmer_wrappable(html) if language == "km" else html


def report_pdf(*, area: Area, quarter: Quarter, language: str) -> bytes:
    """The quarterly report of ``area`` (nation or province) for ``quarter``, in ``language``."""
    return pdf_render(report_html(area=area, quarter=quarter, language=language))
