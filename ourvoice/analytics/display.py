"""How the dashboard pages write indicator values: "< 5", percentages, days, riel, Khmer digits.

Only ``Value`` objects from ``indicators.py`` come in, so a suppressed value can only ever be
written as "< 5" (SECURITY.md A6). Charts get the same numbers as the tables beside them, scaled
to the unit the reader sees (a share as 0-100 %).
"""

from collections.abc import Iterable

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.analytics.indicators import INDICATORS, Indicator, Value
from ourvoice.analytics.models import OTHER_SERVICE
from ourvoice.core.charts import suppressed_text
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.core.svg import ValueFormat
from ourvoice.core.templatetags.khmer import riel

NOTHING = "–"  # no reports at all: nothing to suppress, nothing to show


def _digits(text: str) -> str:
    return to_khmer_digits(text) if (get_language() or "").startswith("km") else text


def _number(value: float, decimals: int) -> str:
    return _digits(number_format(round(value, decimals), decimals, force_grouping=True))


def format_count(value: float) -> str:
    return _number(value, 0)


def format_percent(value: float) -> str:
    """``value`` already in percent (0-100)."""
    return f"{_number(value, 0)}%"


def format_decimal(value: float) -> str:
    return _number(value, 1)


def format_riel(value: float) -> str:
    return riel(round(value))


FORMATS: dict[str, ValueFormat] = {
    "count": format_count,
    "share": format_percent,
    "days": format_decimal,
    "score": format_decimal,
    "riel": format_riel,
}
# The scale a chart of each unit is drawn on (None: the largest value fills the width).
CHART_MAX: dict[str, float | None] = {"count": None, "share": 100, "days": None, "score": 5, "riel": None}


def chart_number(indicator: Indicator, value: Value) -> float | None:
    """The number a chart draws for ``value`` (None: suppressed or nothing, drawn as "< 5")."""
    if not value.shown or value.number is None:
        return None
    return value.number * 100 if indicator.unit == "share" else value.number


def text(indicator: Indicator | str, value: Value) -> str:
    """What a table cell shows: "< 5", "–" for no data, or the formatted number."""
    if isinstance(indicator, str):
        indicator = INDICATORS[indicator]
    if value.suppressed:
        return suppressed_text()
    number = chart_number(indicator, value)
    return NOTHING if number is None else FORMATS[indicator.unit](number)


def spread_text(value: Value) -> str:
    """The standard deviation of a rating or score, or "" when there is none to show."""
    if not value.shown or value.spread is None:
        return ""
    return format_decimal(value.spread)


def trend_text(indicator: Indicator, difference: float | None) -> tuple[str, str]:
    """(arrow, words) for a change since the previous period, e.g. ("▲", "up 3, worse").

    The words carry the whole meaning (WCAG 1.4.1: never the arrow or a colour alone); ("", "")
    when either period is suppressed or empty.
    """
    if difference is None:
        return "", ""
    scaled = difference * 100 if indicator.unit == "share" else difference
    if abs(scaled) < 0.05:
        return "=", str(_("no change"))
    amount = FORMATS[indicator.unit](abs(scaled))
    if indicator.unit == "share":
        amount = _("%(number)s points") % {"number": _number(abs(scaled), 0)}
    up = scaled > 0
    words = (_("up %(amount)s") if up else _("down %(amount)s")) % {"amount": amount}
    if indicator.better:
        good = up == (indicator.better == "higher")
        words = (_("%(change)s, better") if good else _("%(change)s, worse")) % {"change": words}
    return ("▲" if up else "▼"), str(words)


def service_labels(values: Iterable[str]) -> dict[str, str]:
    """The name, in the page's language, of each service split value (a catalogue code, or
    ``OTHER_SERVICE``); a value the catalogue no longer has is shown as it is."""
    from ourvoice.catalogue.models import Service

    values = set(values)
    khmer = (get_language() or "km").startswith("km")
    names = {
        code: name_km if khmer else name_en
        for code, name_km, name_en in Service.objects.filter(code__in=values).values_list(
            "code", "name_km", "name_en"
        )
    }
    return {
        value: str(_("Another service")) if value == OTHER_SERVICE else names.get(value, value)
        for value in values
    }
