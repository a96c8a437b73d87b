"""The rows of a dashboard or comparison export (README.md, "Exports and API").

Every number comes from ``Indicator.value`` through the selectors: a suppressed value is written
as "< 5", never as its number, in both the value and the shown columns. Labels are in the active
language (the request's, or the job's).
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.analytics.display import service_labels
from ourvoice.analytics.exports_files import Cell, Table
from ourvoice.analytics.indicators import INDICATORS, Indicator, Value, protect_counts
from ourvoice.analytics.models import Split
from ourvoice.analytics.scope import Area, Filters, area_name
from ourvoice.analytics.selectors import comparison, dashboard, grouped
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.core.templatetags.khmer import riel
from ourvoice.feedback.models import AgeBand, Channel, Disability, Gender

SUPPRESSED_TEXT = "< 5"
SPLIT_VALUES: dict[str, Any] = {
    Split.GENDER: Gender,
    Split.AGE_BAND: AgeBand,
    Split.DISABILITY: Disability,
    Split.CHANNEL: Channel,
}


def _khmer() -> bool:
    return (get_language() or "").startswith("km")


def _digits(text: str) -> str:
    return to_khmer_digits(text) if _khmer() else text


def shown(indicator: Indicator, value: Value) -> str:
    """The value as a page shows it: "< 5" when suppressed, "" when there is nothing."""
    if value.suppressed:
        return SUPPRESSED_TEXT
    if value.number is None:
        return ""
    number = value.number
    if indicator.unit == "riel":
        return riel(round(number))
    if indicator.unit == "share":
        return _digits(f"{number * 100:.0f}%")
    if indicator.unit == "count":
        return _digits(f"{number:,.0f}")
    text = f"{number:.1f}"
    if value.spread is not None:
        text += f" ± {value.spread:.1f}"
    return _digits(text)


def raw(indicator: Indicator, value: Value) -> Cell:
    """The value column: the number (rounded sensibly), "< 5" when suppressed, empty when none."""
    if value.suppressed:
        return SUPPRESSED_TEXT
    if value.number is None:
        return None
    if indicator.unit in ("count", "riel"):
        return round(value.number)
    return round(value.number, 4)


def month_text(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def period_text(filters: Filters) -> str:
    if filters.start == filters.end:
        return month_text(filters.start)
    return f"{month_text(filters.start)}/{month_text(filters.end)}"


def split_label(split: str, value: str) -> str:
    """ "Gender: Female"; "Service: Birth certificate" (the service's name in the language)."""
    choices = SPLIT_VALUES.get(split)
    label = str(choices(value).label) if choices is not None and value in choices.values else value
    if split == Split.SERVICE:
        label = service_labels([value])[value]
    return f"{Split(split).label}: {label}"


def dashboard_header() -> list[str]:
    return [
        _("Area"),
        _("Period"),
        _("Indicator code"),
        _("Indicator"),
        _("Split"),
        _("Value"),
        _("Value as shown"),
    ]


def _split_by_month(filters: Filters) -> dict[tuple[datetime.date, str], dict[str, Value]]:
    """Per month and split value, every indicator, counts protected within each month's group."""
    groups = grouped(filters, split=filters.split, group_by=["month", "value"])
    months = sorted({month for month, _value in groups})
    result: dict[tuple[datetime.date, str], dict[str, Value]] = {}
    for month in months:
        of_month = {value: m for (mon, value), m in groups.items() if mon == month}
        columns = {
            code: protect_counts({value: ind.value(m) for value, m in of_month.items()}, ind)
            for code, ind in INDICATORS.items()
        }
        for value in of_month:
            result[(month, value)] = {code: columns[code][value] for code in INDICATORS}
    return result


def dashboard_rows(filters: Filters) -> Iterator[list[Cell]]:
    board = dashboard(filters)
    area = area_name(filters.area, language=get_language() or "km")
    period = period_text(filters)

    def lines(when: str, split: str, values: dict[str, Value]) -> Iterator[list[Cell]]:
        for code, indicator in INDICATORS.items():
            value = values[code]
            yield [
                area,
                when,
                code,
                str(indicator.label),
                split,
                raw(indicator, value),
                shown(indicator, value),
            ]

    yield from lines(period, "", board.totals)
    for month, values in board.by_month:
        yield from lines(month_text(month), "", values)
    if board.by_split:
        for value_key in sorted(board.by_split):
            yield from lines(period, split_label(filters.split, value_key), board.by_split[value_key])
        for (month, value_key), values in sorted(_split_by_month(filters).items()):
            yield from lines(month_text(month), split_label(filters.split, value_key), values)


def dashboard_table(filters: Filters) -> Table:
    return Table(title=_("Dashboard"), header=dashboard_header(), rows=list(dashboard_rows(filters)))


def comparison_table(filters: Filters, *, level: str, indicator: str) -> Table:
    chosen = INDICATORS[indicator]
    language = get_language() or "km"
    rows = comparison(filters, level=level, indicator=indicator)
    names = {row.area.id: area_name(row.area, language=language) for row in rows}
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, names[row.area.id]))
    previous = filters.previous()
    return Table(
        title=_("Comparison"),
        header=[
            _("Area"),
            _("Area code"),
            _("Period"),
            _("Indicator code"),
            _("Indicator"),
            _("Value"),
            _("Value as shown"),
            _("Rank"),
            _("Previous period"),
            _("Previous value"),
            _("Previous value as shown"),
            _("Trend"),
        ],
        rows=[
            [
                names[row.area.id],
                row.area.id,
                period_text(filters),
                indicator,
                str(chosen.label),
                raw(chosen, row.value),
                shown(chosen, row.value),
                row.rank,
                period_text(previous),
                raw(chosen, row.previous),
                shown(chosen, row.previous),
                None if row.trend is None else round(row.trend, 4),
            ]
            for row in rows
        ],
    )


def export_filename(what: str, filters: Filters | None, fmt: str, *, suffix: str = "") -> str:
    """An ASCII name that says what the file holds: ``ourvoice-dashboard-P17-2026-01-2026-06.csv``."""
    parts = ["ourvoice", what]
    if filters is not None:
        area: Area = filters.area
        parts += [
            f"{area.level}{area.id}" if area.id else "KH",
            month_text(filters.start),
            month_text(filters.end),
        ]
    if suffix:
        parts.append(suffix)
    name = "-".join(parts)
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in name)
    return f"{safe}.{fmt}"
