"""What anyone may see without signing in: the transparency page, the open-data CSV and an
office's public indicators (README.md, "Quarterly report and transparency page").

Read from the rollups only and through ``indicators.py``: never a case, a description or any
figure from fewer than 5 reports. A group of counts whose total is also published (provinces of
the nation, districts of a province, the months × kinds of a province) is protected against
subtraction with ``protect_counts``.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Sum

from ourvoice.analytics.indicators import INDICATORS, Measures, Value, protect_counts
from ourvoice.analytics.models import MEASURES, Fact, Level, Split
from ourvoice.analytics.report import place_names
from ourvoice.analytics.report_format import last_twelve_months, period_label, value_text
from ourvoice.analytics.scope import NATION, Area, Filters, months_between
from ourvoice.analytics.selectors import children, grouped, values
from ourvoice.feedback.models import Kind
from ourvoice.geo.models import District, Province
from ourvoice.offices.models import Office

PUBLIC = ["reports", "ack_on_time", "resolve_on_time", "resolve_days", "rating", "overcharge_share"]
OFFICE_PUBLIC = ["rating", "resolve_on_time"]


@dataclass(frozen=True)
class PublicRow:
    code: str
    name_km: str
    name_en: str
    values: dict[str, Value]


@dataclass(frozen=True)
class PublicArea:
    """An area's indicators over the period, and those of the areas inside it."""

    start: datetime.date
    end: datetime.date
    totals: dict[str, Value]
    rows: list[PublicRow]  # provinces of the nation, or districts of a province


def _rows(measures: dict[str, Measures], places: dict[str, tuple[str, str]]) -> list[PublicRow]:
    per_area = {code: values(measures.get(code, {}), PUBLIC) for code in places}
    reports = protect_counts({code: v["reports"] for code, v in per_area.items()}, INDICATORS["reports"])
    return [
        PublicRow(code, km, en, {**per_area[code], "reports": reports[code]})
        for code, (km, en) in sorted(places.items(), key=lambda item: item[0])
    ]


def public_area(*, area: Area, today: datetime.date | None = None) -> PublicArea:
    """The nation (with its provinces) or a province (with its districts), last 12 months."""
    start, end = last_twelve_months(today)
    filters = Filters(area=area, start=start, end=end)
    if area.level == Level.NATIONAL:
        level, names = Level.PROVINCE, place_names(Province.objects.all())
    elif area.level == Level.PROVINCE:
        level, names = Level.DISTRICT, place_names(District.objects.filter(province_id=area.id))
    else:
        raise ValueError(area.level)
    return PublicArea(
        start=start,
        end=end,
        totals=values(grouped(filters)[()], PUBLIC),
        rows=_rows(children(filters, level), names),
    )


def public_nation(*, today: datetime.date | None = None) -> PublicArea:
    return public_area(area=NATION, today=today)


OPEN_DATA_COLUMNS = [
    "province_code",
    "province_name_en",
    "province_name_km",
    "month",
    "kind",
    "indicator",
    "unit",
    "value",
    "suppressed",
]
OPEN_DATA_INDICATORS = [*PUBLIC, "ack_days", "overcharge_median"]


def _open_value(value: Value) -> str:
    if not value.shown or value.number is None:
        return ""
    return f"{value.number:.4f}".rstrip("0").rstrip(".") if value.number % 1 else str(int(value.number))


def open_data_rows(*, today: datetime.date | None = None) -> Iterator[list[str]]:
    """Monthly aggregates by province × month × kind × indicator, last 12 months (the CSV's rows,
    header first). A suppressed value is written empty with ``suppressed`` = 1."""
    yield OPEN_DATA_COLUMNS
    start, end = last_twelve_months(today)
    sums = {name: Sum(name) for name in MEASURES}
    facts = (
        Fact.objects.filter(level=Level.PROVINCE, split=Split.NONE, month__gte=start, month__lte=end)
        .values("area", "month", "kind")
        .annotate(**sums)
        .order_by()
    )
    measures = {(r["area"], r["month"], r["kind"]): {n: r[n] or 0 for n in MEASURES} for r in facts}
    for province in Province.objects.order_by("pk"):
        cells = {
            f"{month:%Y-%m}|{kind}": values(
                measures.get((province.pk, month, kind), {}), OPEN_DATA_INDICATORS
            )
            for month in months_between(start, end)
            for kind in Kind.values
        }
        # The province's total over the period is on the transparency page: one hidden cell
        # would be that total minus the others.
        reports = protect_counts({key: v["reports"] for key, v in cells.items()}, INDICATORS["reports"])
        for key, found in cells.items():
            month, kind = key.split("|")
            cell = {**found, "reports": reports[key]}
            for code in OPEN_DATA_INDICATORS:
                value = cell[code]
                yield [
                    province.pk,
                    province.name_en,
                    province.name_km,
                    month,
                    kind,
                    code,
                    INDICATORS[code].unit,
                    _open_value(value),
                    "1" if value.suppressed else "0",
                ]


@dataclass(frozen=True)
class OfficeIndicators:
    start: datetime.date
    end: datetime.date
    rating: Value
    resolve_on_time: Value

    # Read in the template, in the page's language: "< 5" when suppressed.
    @property
    def rating_text(self) -> str:
        return value_text(self.rating, "rating")

    @property
    def resolve_on_time_text(self) -> str:
        return value_text(self.resolve_on_time, "resolve_on_time")

    @property
    def period(self) -> str:
        return period_label(self.start, self.end)


def office_public_indicators(office: Office, *, today: datetime.date | None = None) -> OfficeIndicators:
    """The office's citizens' rating and share resolved on time over the last 12 months."""
    start, end = last_twelve_months(today)
    found = values(
        grouped(Filters(area=Area(Level.OFFICE, str(office.pk)), start=start, end=end))[()], OFFICE_PUBLIC
    )
    return OfficeIndicators(start, end, found["rating"], found["resolve_on_time"])
