"""Working days on the Cambodian calendar: weekends and the public holidays of ``holidays``."""

from datetime import date

import holidays
import pytest

from ourvoice.cases.workdays import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_package_knows_khmer_new_year(year):
    kh = holidays.country_holidays("KH", years=year)
    assert {date(year, 4, 14), date(year, 4, 15), date(year, 4, 16)} <= set(kh)


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2026, 4, 13))  # Monday
    assert not is_working_day(date(2026, 4, 14))  # Khmer New Year (Tuesday)
    assert not is_working_day(date(2026, 4, 16))  # Khmer New Year (Thursday)
    assert is_working_day(date(2026, 4, 17))  # Friday
    assert not is_working_day(date(2026, 4, 18))  # Saturday
    assert not is_working_day(date(2026, 4, 19))  # Sunday


def test_adding_working_days_skips_khmer_new_year_2026_and_a_weekend():
    friday = date(2026, 4, 10)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 1) == date(2026, 4, 13)  # the weekend is skipped
    assert add_working_days(friday, 2) == date(2026, 4, 17)  # 14-16 April are holidays
    assert add_working_days(friday, 3) == date(2026, 4, 20)  # and so is the next weekend
    # Without the holidays two working days after that Friday would be Tuesday 14 April.


def test_adding_working_days_across_khmer_new_year_2027():
    # 2027: Wednesday 14 to Friday 16 April, then the weekend: five days off in a row.
    assert add_working_days(date(2027, 4, 13), 1) == date(2027, 4, 19)
    assert add_working_days(date(2027, 4, 14), 1) == date(2027, 4, 19)  # a start on a holiday


def test_counting_working_days_between_two_dates():
    friday = date(2026, 4, 10)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, date(2026, 4, 12)) == 0  # Sunday
    assert working_days_between(friday, date(2026, 4, 16)) == 1  # Monday only
    assert working_days_between(friday, date(2026, 4, 20)) == 3
    assert working_days_between(date(2026, 4, 20), friday) == -3


@pytest.mark.parametrize("n", range(0, 30))
def test_counting_undoes_adding(n):
    start = date(2026, 4, 1)
    assert working_days_between(start, add_working_days(start, n)) == n


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 4, 10), -1)


def test_load_calendar_works_out_this_and_next_years_holidays_before_any_deadline_needs_them():
    from ourvoice.cases import workdays

    workdays._holidays.cache_clear()
    workdays.load_calendar(date(2026, 12, 7))
    loaded = workdays._holidays.cache_info().misses
    # A deadline counted from late December runs into January: both years are already there.
    add_working_days(date(2026, 12, 30), 10)
    assert workdays._holidays.cache_info().misses == loaded == 2
