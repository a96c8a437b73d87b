"""Indicators computed from summed measures, and the small-numbers rule (SECURITY.md A6).

Every indicator names the measure it is computed from; when that count is below
``SUPPRESS_BELOW`` the indicator is *suppressed*: no number leaves this module for it, only the
fact that it is "< 5". Pages, exports, the PDF report and the API all get their numbers here.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ourvoice.analytics.models import (
    ACK_DAY_BOUNDS,
    ACK_HIST,
    OVERCHARGE_BOUNDS,
    OVERCHARGE_HIST,
    RESOLVE_DAY_BOUNDS,
    RESOLVE_HIST,
)
from ourvoice.feedback.models import SCORECARD_INDICATORS

SUPPRESS_BELOW = 5
Measures = Mapping[str, int]


@dataclass(frozen=True)
class Value:
    """An indicator's value; ``number`` is None when suppressed or when there is nothing to show."""

    number: float | None
    suppressed: bool = False
    spread: float | None = None  # standard deviation, for ratings and scores

    @property
    def shown(self) -> bool:
        return self.number is not None and not self.suppressed


SUPPRESSED = Value(number=None, suppressed=True)


def _ratio(part: str, whole: str) -> Callable[[Measures], float | None]:
    return lambda m: m.get(part, 0) / m[whole] if m.get(whole) else None


def _count(name: str) -> Callable[[Measures], float | None]:
    return lambda m: float(m.get(name, 0))


def histogram_median(m: Measures, names: list[str], bounds: tuple[int, ...], lowest: int) -> float | None:
    """The median estimated from a distribution: exact for buckets one unit wide, else interpolated.

    Bucket ``i`` holds values in (bounds[i-1], bounds[i]]; the first starts above ``lowest`` and
    the last is open, so a median there is reported as its lower edge.
    """
    counts = [m.get(name, 0) for name in names]
    total = sum(counts)
    if not total:
        return None
    half, seen = total / 2, 0
    for i, count in enumerate(counts):
        if seen + count >= half and count:
            low = bounds[i - 1] if i else lowest
            if i == len(bounds):
                return float(low)
            high = bounds[i]
            if high - low == 1:
                return float(high)
            return low + (high - low) * (half - seen) / count
        seen += count
    return None


def _mean(prefix: str) -> Callable[[Measures], float | None]:
    return lambda m: m[f"{prefix}_sum"] / m[f"{prefix}_n"] if m.get(f"{prefix}_n") else None


def _sd(prefix: str) -> Callable[[Measures], float | None]:
    def spread(m: Measures) -> float | None:
        n = m.get(f"{prefix}_n", 0)
        if n < 2:
            return None
        mean = m[f"{prefix}_sum"] / n
        return math.sqrt(max(m[f"{prefix}_sumsq"] / n - mean * mean, 0.0))

    return spread


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    unit: str  # count | share | days | score | riel
    base: str  # the measure counting the reports it is computed from
    compute: Callable[[Measures], float | None]
    spread: Callable[[Measures], float | None] | None = None
    better: str = ""  # "higher", "lower" or "" (neither): for ranks and trends
    reads: tuple[str, ...] = ()  # the other measures ``compute`` and ``spread`` read

    @property
    def measures(self) -> tuple[str, ...]:
        """Every measure the value depends on (a comparison sums only those)."""
        return (self.base, *self.reads)

    def value(self, m: Measures) -> Value:
        if m.get(self.base, 0) < SUPPRESS_BELOW:
            return SUPPRESSED
        number = self.compute(m)
        return Value(number=number, spread=self.spread(m) if self.spread else None)


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        Indicator("reports", _("Reports"), "count", "reports", _count("reports")),
        Indicator("open_now", _("Open cases"), "count", "open_now", _count("open_now"), better="lower"),
        Indicator(
            "overdue_now", _("Overdue cases"), "count", "overdue_now", _count("overdue_now"), better="lower"
        ),
        Indicator(
            "ack_on_time",
            _("Acknowledged on time"),
            "share",
            "ack_decided",
            _ratio("ack_on_time", "ack_decided"),
            better="higher",
            reads=("ack_on_time",),
        ),
        Indicator(
            "resolve_on_time",
            _("Resolved on time"),
            "share",
            "resolve_decided",
            _ratio("resolve_on_time", "resolve_decided"),
            better="higher",
            reads=("resolve_on_time",),
        ),
        Indicator(
            "ack_days",
            _("Median working days to acknowledge"),
            "days",
            "acknowledged",
            lambda m: histogram_median(m, ACK_HIST, ACK_DAY_BOUNDS, -1),
            better="lower",
            reads=tuple(ACK_HIST),
        ),
        Indicator(
            "resolve_days",
            _("Median working days to resolve"),
            "days",
            "resolved",
            lambda m: histogram_median(m, RESOLVE_HIST, RESOLVE_DAY_BOUNDS, 0),
            better="lower",
            reads=tuple(RESOLVE_HIST),
        ),
        Indicator(
            "rating",
            _("Citizens' rating (1-5)"),
            "score",
            "rating_n",
            _mean("rating"),
            _sd("rating"),
            "higher",
            ("rating_sum", "rating_sumsq"),
        ),
        *[
            Indicator(
                f"score_{code}",
                label,
                "score",
                f"score_{code}_n",
                _mean(f"score_{code}"),
                _sd(f"score_{code}"),
                "higher",
                (f"score_{code}_sum", f"score_{code}_sumsq"),
            )
            for code, label in SCORECARD_INDICATORS.items()
        ],
        Indicator(
            "overcharge_share",
            _("Fee reports above the official fee"),
            "share",
            "fee_reports",
            _ratio("overcharged", "fee_reports"),
            better="lower",
            reads=("overcharged",),
        ),
        Indicator(
            "overcharge_median",
            _("Median overcharge (riel)"),
            "riel",
            "overcharged",
            lambda m: histogram_median(m, OVERCHARGE_HIST, OVERCHARGE_BOUNDS, 0),
            better="lower",
            reads=tuple(OVERCHARGE_HIST),
        ),
        Indicator("appealed", _("Appeals"), "count", "appealed", _count("appealed"), better="lower"),
        Indicator(
            "escalated",
            _("Missed deadlines (escalated)"),
            "count",
            "escalated",
            _count("escalated"),
            better="lower",
        ),
    ]
}


def protect_counts(values: dict[str, Value], indicator: Indicator) -> dict[str, Value]:
    """Secondary suppression of a group of counts whose total is shown elsewhere.

    If exactly one count of a group (say, the women among a commune's reports) is suppressed, it
    could be found by subtracting the others from the total; the smallest shown count is then
    suppressed too.
    """
    if indicator.unit != "count":
        return values
    hidden = [key for key, value in values.items() if value.suppressed]
    shown = [key for key, value in values.items() if value.shown]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda key: values[key].number or 0)
        return {**values, smallest: SUPPRESSED}
    return values
