"""How an indicator's value reads in the PDF report and on the public pages.

Only ``Value`` objects from ``indicators.py`` come in, so a suppressed value can only ever read
"< 5" (``core.charts.suppressed_text``). Digits follow the active language (Khmer digits on Khmer
pages and reports). Also the periods these outputs cover: a calendar quarter, the last 12 months.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from ourvoice.analytics.indicators import INDICATORS, Value
from ourvoice.analytics.scope import add_months, month_start
from ourvoice.core.charts import suppressed_text
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.core.svg import ValueFormat, default_value_format

NOTHING = "–"  # no report at all in the period: nothing to compute, nothing hidden


def _digits(text: str) -> str:
    return to_khmer_digits(text) if (get_language() or "").startswith("km") else text


def number_text(number: float, unit: str) -> str:
    """A shown number in its unit: "63%", "2.5", "4.2", "12,000 riel", "1,234"."""
    if unit == "share":
        return _digits(number_format(round(number * 100), 0)) + "%"
    if unit in ("days", "score"):
        return _digits(number_format(number, 1))
    if unit == "riel":
        amount = _digits(number_format(round(number), 0, force_grouping=True))
        return f"{amount}\u00a0៛" if (get_language() or "").startswith("km") else f"KHR\u00a0{amount}"
    return default_value_format(number)


def value_text(value: Value, code: str) -> str:
    """An indicator's value as read by people: "< 5" when suppressed, "–" when there is none."""
    if value.suppressed:
        return suppressed_text()
    if value.number is None:
        return NOTHING
    return number_text(value.number, INDICATORS[code].unit)


def chart_number(value: Value, code: str) -> float | None:
    """The value for a chart: percentages for shares, None (drawn "< 5") when not shown."""
    if not value.shown or value.number is None:
        return None
    return value.number * 100 if INDICATORS[code].unit == "share" else value.number


def chart_format(code: str) -> ValueFormat:
    unit = INDICATORS[code].unit
    if unit == "share":
        return lambda number: _digits(number_format(round(number), 0)) + "%"
    if unit in ("days", "score"):
        return lambda number: _digits(number_format(number, 1))
    return default_value_format


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int  # 1-4

    @classmethod
    def parse(cls, year: str, quarter: str) -> "Quarter":
        """From form input (Latin or Khmer digits); ValueError when it cannot be a quarter."""
        from ourvoice.core.khmer import to_latin_digits

        y, q = int(to_latin_digits(year.strip())), int(to_latin_digits(quarter.strip()).upper().lstrip("Q"))
        if not (2000 <= y <= 2100 and 1 <= q <= 4):
            raise ValueError("quarter")
        return cls(y, q)

    @classmethod
    def last_ended(cls, today: datetime.date | None = None) -> "Quarter":
        """The most recent quarter that has ended on ``today`` (local date)."""
        today = today or timezone.localdate()
        index = today.year * 4 + (today.month - 1) // 3 - 1
        return cls(index // 4, index % 4 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        """The first day of the quarter's last month (filters take months)."""
        return add_months(self.start, 2)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def label(self) -> str:
        return _digits(
            pgettext("quarter of a year", "Q%(quarter)s %(year)s")
            % {"quarter": self.quarter, "year": self.year}
        )


def last_twelve_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The 12 months up to and including the current one (the public pages' period)."""
    end = month_start(today or timezone.localdate())
    return add_months(end, -11), end


def month_label(month: datetime.date) -> str:
    from django.utils.dateformat import format as date_format

    return _digits(date_format(month, "F Y"))


def period_label(start: datetime.date, end: datetime.date) -> str:
    return _("%(start)s to %(end)s") % {"start": month_label(start), "end": month_label(end)}
