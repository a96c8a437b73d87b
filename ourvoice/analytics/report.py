"""What the quarterly report says about an area (the nation or a province) for a quarter.

A selector: every number comes from the rollups through ``selectors.py`` and ``indicators.py``, so
it is suppressed under 5 exactly as on the dashboards. ``report_pdf.py`` draws it; the storage of
the scheduled reports is in ``report_files.py`` (README.md, "Quarterly report").
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from ourvoice.analytics.indicators import INDICATORS, Measures, Value, protect_counts
from ourvoice.analytics.models import Level, Split
from ourvoice.analytics.report_format import Quarter
from ourvoice.analytics.scope import NATION, Area, Filters, area_name
from ourvoice.analytics.selectors import Dashboard, children, dashboard, values
from ourvoice.feedback.models import Category, Gender
from ourvoice.geo.maps import province_shapes
from ourvoice.geo.models import District, Province

HEADLINE = [
    "reports",
    "ack_on_time",
    "resolve_on_time",
    "ack_days",
    "resolve_days",
    "rating",
    "overcharge_share",
    "overcharge_median",
    "open_now",
    "overdue_now",
    "escalated",
    "appealed",
]
# The main indicators split by the respondent's gender, and the columns of the area tables.
MAIN = ["reports", "ack_on_time", "resolve_on_time", "rating", "overcharge_share"]
MONTH_COLUMNS = ["reports", "ack_on_time", "resolve_on_time", "rating"]
MAP_INDICATOR = "resolve_on_time"


@dataclass(frozen=True)
class AreaRow:
    code: str
    name_km: str
    name_en: str
    values: dict[str, Value]


@dataclass(frozen=True)
class Report:
    area: Area
    quarter: Quarter
    name_km: str
    name_en: str
    board: Dashboard
    months: list[tuple[datetime.date, dict[str, Value]]]  # counts protected as a group
    by_gender: dict[str, dict[str, Value]]  # gender -> indicator -> value
    rows: list[AreaRow]  # provinces (national report) or districts (province report)
    row_level: str
    map_values: dict[str, Value]  # province code -> MAP_INDICATOR, always the national view
    categories: dict[int, tuple[str, str]]  # id -> (Khmer, English) name


def report_areas() -> list[Area]:
    """The areas that get a report: the nation, then each province."""
    return [NATION, *(Area(Level.PROVINCE, code) for code in Province.objects.values_list("pk", flat=True))]


def place_names(places: QuerySet[Province] | QuerySet[District]) -> dict[str, tuple[str, str]]:
    return {p.pk: (p.name_km, p.name_en) for p in places.only("pk", "name_km", "name_en")}


def _protected_rows(measures: dict[str, Measures], names: dict[str, tuple[str, str]]) -> list[AreaRow]:
    """One row per area, every area listed even without reports; counts protected as a group."""
    per_area = {code: values(measures.get(code, {}), MAIN) for code in names}
    reports = protect_counts({code: v["reports"] for code, v in per_area.items()}, INDICATORS["reports"])
    return [
        AreaRow(code, km, en, {**per_area[code], "reports": reports[code]})
        for code, (km, en) in sorted(names.items(), key=lambda item: item[1][1])
    ]


def report_data(*, area: Area, quarter: Quarter) -> Report:
    """The report of ``area`` (the nation or a province) for ``quarter``."""
    if area.level not in (Level.NATIONAL, Level.PROVINCE):
        raise ValueError(area.level)
    filters = Filters(area=area, start=quarter.start, end=quarter.end)
    board = dashboard(Filters(area=area, start=quarter.start, end=quarter.end, split=Split.GENDER))
    by_gender = {gender: board.by_split.get(gender, {}) for gender in Gender.values}
    if area.level == Level.NATIONAL:
        row_level = Level.PROVINCE
        names = place_names(Province.objects.all())
    else:
        row_level = Level.DISTRICT
        names = place_names(District.objects.filter(province_id=area.id))
    rows = _protected_rows(children(filters, row_level), names)
    national = Filters(area=NATION, start=quarter.start, end=quarter.end)
    known = {code for code, *_rest in province_shapes()}
    map_values = {
        code: INDICATORS[MAP_INDICATOR].value(m)
        for code, m in children(national, Level.PROVINCE, INDICATORS[MAP_INDICATOR].measures).items()
        if code in known
    }
    month_reports = protect_counts(
        {month.isoformat(): v["reports"] for month, v in board.by_month}, INDICATORS["reports"]
    )
    months = [(month, {**v, "reports": month_reports[month.isoformat()]}) for month, v in board.by_month]
    ids = {key for key in board.by_category}
    categories = {c.pk: (c.name_km, c.name_en) for c in Category.objects.filter(pk__in=ids)}
    return Report(
        area=area,
        quarter=quarter,
        name_km=area_name(area, language="km"),
        name_en=area_name(area, language="en"),
        board=board,
        months=months,
        by_gender=by_gender,
        rows=rows,
        row_level=row_level,
        map_values=map_values,
        categories=categories,
    )
