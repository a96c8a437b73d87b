"""Reads of the rollups: every dashboard, comparison, map, export and the API ask here.

Every dashboard reads ``Fact`` rows only, never the raw tables: each level (nation, province,
district, office) has every split per kind and category, so a dashboard sums at most a few
thousand rows even over ten million reports. Numbers leave through ``indicators.py``, which
suppresses small counts.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from ourvoice.analytics.indicators import INDICATORS, Indicator, Measures, Value, protect_counts
from ourvoice.analytics.models import MEASURES, Fact, Level, Split
from ourvoice.analytics.scope import Area, Filters, months_between
from ourvoice.offices.models import Office

GroupKey = tuple[Any, ...]
CHILD_LEVELS = {
    Level.NATIONAL: (Level.PROVINCE,),
    Level.PROVINCE: (Level.DISTRICT, Level.OFFICE),
    Level.DISTRICT: (Level.OFFICE,),
    Level.OFFICE: (),
}


def _facts(filters: Filters, *, split: str) -> QuerySet[Fact]:
    facts = Fact.objects.filter(
        level=filters.area.level,
        area=filters.area.id,
        split=split,
        month__gte=filters.start,
        month__lte=filters.end,
    )
    if filters.kind:
        facts = facts.filter(kind=filters.kind)
    if filters.category is not None:
        facts = facts.filter(category_id=filters.category)
    return facts


def grouped(
    filters: Filters, *, split: str = Split.NONE, group_by: list[str] | None = None
) -> dict[GroupKey, Measures]:
    """Summed measures of the filtered rows, per distinct value of ``group_by`` (``()`` for all)."""
    group_by = group_by or []
    sums = {name: Sum(name) for name in MEASURES}
    facts = _facts(filters, split=split)
    if not group_by:
        total = facts.aggregate(**sums)
        return {(): {name: total[name] or 0 for name in MEASURES}}
    return {
        tuple(row[name] for name in group_by): {name: row[name] or 0 for name in MEASURES}
        for row in facts.values(*group_by).annotate(**sums).order_by()
    }


def values(measures: Measures, codes: Iterable[str] | None = None) -> dict[str, Value]:
    return {code: INDICATORS[code].value(measures) for code in codes or INDICATORS}


@dataclass
class Dashboard:
    filters: Filters
    totals: dict[str, Value]
    by_month: list[tuple[datetime.date, dict[str, Value]]]
    by_kind: dict[str, Value]
    by_category: dict[int, Value]
    by_channel: dict[str, Value]
    # The chosen split: value -> indicator -> Value (counts protected against subtraction).
    by_split: dict[str, dict[str, Value]] = field(default_factory=dict)
    overcharge_by_service: dict[str, dict[str, Value]] = field(default_factory=dict)


def _column(groups: dict[GroupKey, Measures], indicator: Indicator) -> dict[Any, Value]:
    return protect_counts({key[0]: indicator.value(m) for key, m in groups.items()}, indicator)


def dashboard(filters: Filters) -> Dashboard:
    """Everything a dashboard shows for ``filters`` (already checked against the user's scope)."""
    reports = INDICATORS["reports"]
    totals = grouped(filters)[()]
    months = grouped(filters, group_by=["month"])
    empty: Measures = {}
    by_month = [
        (month, values(months.get((month,), empty))) for month in months_between(filters.start, filters.end)
    ]
    by_split: dict[str, dict[str, Value]] = {}
    if filters.split and filters.split != Split.SERVICE:
        split_groups = grouped(filters, split=filters.split, group_by=["value"])
        columns = {code: _column(split_groups, indicator) for code, indicator in INDICATORS.items()}
        by_split = {key[0]: {code: columns[code][key[0]] for code in INDICATORS} for key in split_groups}
    services = grouped(filters, split=Split.SERVICE, group_by=["value"])
    return Dashboard(
        filters=filters,
        totals=values(totals),
        by_month=by_month,
        by_kind=_column(grouped(filters, group_by=["kind"]), reports),
        by_category=_column(grouped(filters, group_by=["category_id"]), reports),
        by_channel=_column(grouped(filters, split=Split.CHANNEL, group_by=["value"]), reports),
        by_split=by_split,
        overcharge_by_service={
            key[0]: values(m, ["overcharge_share", "overcharge_median"]) for key, m in services.items()
        },
    )


@dataclass(frozen=True)
class Row:
    area: Area
    value: Value
    previous: Value
    rank: int | None

    @property
    def trend(self) -> float | None:
        if self.value.shown and self.previous.shown:
            return (self.value.number or 0) - (self.previous.number or 0)
        return None


def _children_facts(filters: Filters, level: str) -> QuerySet[Fact]:
    parent = filters.area
    facts = Fact.objects.filter(
        level=level, split=Split.NONE, month__gte=filters.start, month__lte=filters.end
    )
    if filters.kind:
        facts = facts.filter(kind=filters.kind)
    if filters.category is not None:
        facts = facts.filter(category_id=filters.category)
    if parent.level == Level.NATIONAL:
        return facts
    if level == Level.DISTRICT:
        return facts.filter(province_code=parent.id)
    office_area = Q(province_id=parent.id) if parent.level == Level.PROVINCE else Q(district_id=parent.id)
    # A list, not a subquery: the ids are cast to text to match ``area``, and PostgreSQL cannot use
    # the rollups' index for a cast subquery (it read every rollup row: seconds at 10 million).
    offices = [str(pk) for pk in Office.objects.filter(office_area).values_list("pk", flat=True)]
    return facts.filter(area__in=offices)


def children(filters: Filters, level: str, measures: Iterable[str] = MEASURES) -> dict[str, Measures]:
    """Summed ``measures`` of each area of ``level`` inside ``filters.area`` (comparison, map).

    Ask for the measures of the indicators shown: a province's offices have tens of thousands of
    rows in a year, and summing every measure of them costs ten times more.
    """
    if level not in CHILD_LEVELS[Level(filters.area.level)]:
        raise ValueError(level)
    names = list(dict.fromkeys(measures))
    sums = {name: Sum(name) for name in names}
    rows = _children_facts(filters, level).values("area").annotate(**sums).order_by()
    return {row["area"]: {name: row[name] or 0 for name in names} for row in rows}


def comparison(filters: Filters, *, level: str, indicator: str) -> list[Row]:
    """The areas of ``level`` inside the filtered area, ranked by ``indicator``, with trends."""
    chosen = INDICATORS[indicator]
    now = {area: chosen.value(m) for area, m in children(filters, level, chosen.measures).items()}
    before = {
        area: chosen.value(m) for area, m in children(filters.previous(), level, chosen.measures).items()
    }
    ranked = sorted(
        (area for area, value in now.items() if value.shown),
        key=lambda area: now[area].number or 0,
        reverse=chosen.better != "lower",
    )
    ranks = {area: position for position, area in enumerate(ranked, start=1)}
    return [
        Row(
            area=Area(level, area),
            value=value,
            previous=before.get(area, Value(None, True)),
            rank=ranks.get(area),
        )
        for area, value in now.items()
    ]
