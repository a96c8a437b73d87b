"""Working days on the Cambodian calendar (DOMAIN.md, Deadlines).

Saturdays, Sundays and the public holidays that the ``holidays`` package knows for Cambodia
(Khmer New Year, Pchum Ben, the Water Festival, ...) are not working days. The government
sometimes moves or adds a holiday by decree after the package is released: upgrading the pinned
``holidays`` version is how such a change reaches the deadlines.

Counting convention: the day a clock starts is never counted. ``add_working_days(friday, 1)``
is the next Monday (or the first working day after it, if Monday is a holiday), and
``working_days_between(a, b)`` counts the working days ``d`` with ``a < d <= b``, so that
``working_days_between(a, add_working_days(a, n)) == n``.
"""

import datetime
from functools import lru_cache

import holidays

WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("KH", years=year).keys())


def load_calendar(today: datetime.date) -> None:
    """Work out this year's and next year's holidays now: a web process otherwise does it (about
    0.3 s, the package computes the lunar holidays) while the first citizen of the year waits."""
    _holidays(today.year)
    _holidays(today.year + 1)


def is_working_day(day: datetime.date) -> bool:
    """True on a weekday that is not a Cambodian public holiday."""
    return day.weekday() not in WEEKEND and day not in _holidays(day.year)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted); ``start`` for 0."""
    if n < 0:
        raise ValueError("n must be zero or more")
    day = start
    while n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days ``d`` with ``a < d <= b``; negative (the same count) when ``b`` is before ``a``."""
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
