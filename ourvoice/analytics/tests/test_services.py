"""Rollups kept up to date from case events, and rebuilt from scratch, give the same numbers."""

import datetime

import pytest
from django.db import connection

from ourvoice.analytics.models import Fact, Level, RefreshState, Split
from ourvoice.analytics.services import analytics_rebuild, analytics_refresh, analytics_refresh_open
from ourvoice.cases.models import Status
from ourvoice.feedback.models import Category, Kind

from .conftest import MONDAY, at, move, rate

DAY = datetime.timedelta(days=1)
JUNE = datetime.date(2026, 6, 1)


def _row(level: str, area: object, split: str = "", value: str = "", **where: object) -> dict[str, int]:
    rows = Fact.objects.filter(level=level, area=str(area), split=split, value=value, month=JUNE, **where)
    totals: dict[str, int] = {}
    for fact in rows.values():
        for name, amount in fact.items():
            if isinstance(amount, int) and name not in ("id", "area", "category_id"):
                totals[name] = totals.get(name, 0) + amount
    return totals


def test_refresh_counts_each_report_at_every_level_and_split(area, report):
    report(gender="female")
    report(gender="female", age_band="18_24")
    report(gender="male", kind=Kind.INFORMATION)
    assert analytics_refresh() == 1  # one province-month
    assert _row(Level.NATIONAL, "")["reports"] == 3
    assert _row(Level.PROVINCE, area.province.pk)["reports"] == 3
    assert _row(Level.DISTRICT, area.district.pk)["reports"] == 3
    assert _row(Level.OFFICE, area.commune_office.pk)["reports"] == 3
    assert _row(Level.PROVINCE, area.province.pk, Split.GENDER, "female")["reports"] == 2
    assert _row(Level.NATIONAL, "", Split.GENDER, "male")["reports"] == 1
    assert _row(Level.DISTRICT, area.district.pk, Split.AGE_BAND, "18_24")["reports"] == 1
    assert _row(Level.NATIONAL, "", Split.CHANNEL, "web")["reports"] == 3
    assert _row(Level.NATIONAL, "", kind=Kind.INFORMATION)["reports"] == 1
    # Nothing new: nothing to do.
    assert analytics_refresh() == 0


def test_on_time_and_working_days_follow_the_deadline_rules(area, report):
    quick = report()  # complaint: acknowledge within 2 working days, resolve within 15
    slow = report()
    move(quick, Status.ACKNOWLEDGED, MONDAY + DAY)  # 1 working day
    move(slow, Status.ACKNOWLEDGED, MONDAY + 7 * DAY)  # next Monday: 5 working days, late
    move(quick, Status.RESOLVED, MONDAY + 3 * DAY)
    with at(MONDAY + 8 * DAY):
        analytics_refresh()
    row = _row(Level.OFFICE, area.commune_office.pk)
    assert row["acknowledged"] == 2
    assert row["ack_decided"] == 2
    assert row["ack_on_time"] == 1
    assert row["ack_h_1"] == 1  # one working day
    assert row["ack_h_5"] == 1  # five working days
    assert row["resolved"] == 1 and row["resolve_on_time"] == 1
    assert row["open_now"] == 1


def test_a_case_never_acknowledged_counts_as_late_once_its_deadline_passed(area, report):
    report()
    with at(MONDAY + 2 * DAY):  # Wednesday: the 2 working days are not over
        analytics_refresh()
    assert _row(Level.OFFICE, area.commune_office.pk)["ack_decided"] == 0
    with at(MONDAY + 4 * DAY):  # Friday: late, and overdue now
        analytics_refresh_open()
    row = _row(Level.OFFICE, area.commune_office.pk)
    assert row["ack_decided"] == 1 and row["ack_on_time"] == 0
    assert row["overdue_now"] == 1


def test_fees_scores_and_ratings_are_summed(area, report):
    report(
        kind=Kind.EVALUATION,
        gender="female",
        service_name="Birth certificate",
        official_fee=0,
        amount_paid=20_000,
        scores={"courtesy": 2, "overall": 4},
    )
    case = report()
    move(case, Status.ACKNOWLEDGED, MONDAY + DAY)
    move(case, Status.RESOLVED, MONDAY + 2 * DAY)
    move(case, Status.CLOSED, MONDAY + 3 * DAY)
    rate(case, 5, MONDAY + 4 * DAY)
    with at(MONDAY + 5 * DAY):
        analytics_refresh()
    row = _row(Level.PROVINCE, area.province.pk)
    assert row["fee_reports"] == 1 and row["overcharged"] == 1
    assert row["overcharge_h_4"] == 1  # 20,000 riel: (10,000, 20,000]
    assert row["score_courtesy_n"] == 1 and row["score_courtesy_sum"] == 2
    assert row["rating_n"] == 1 and row["rating_sum"] == 5
    # The typed name is the catalogue's birth certificate: grouped by its code (issue 16).
    service = _row(Level.PROVINCE, area.province.pk, Split.SERVICE, "birth-certificate")
    assert service["fee_reports"] == 1
    assert _row(Level.OFFICE, area.commune_office.pk)["rating_sum"] == 5


def test_office_rows_are_split_by_everything_per_category(area, report):
    """Every dashboard, an office's filtered by a category and split included, reads rollups."""
    report(gender="female", category="slow-service")
    report(gender="female", category="other-complaint")
    report(gender="male", category="other-complaint")
    analytics_refresh()
    office = area.commune_office.pk
    other = Category.objects.get(code="other-complaint").pk
    assert _row(Level.OFFICE, office, Split.GENDER, "female")["reports"] == 2
    assert _row(Level.OFFICE, office, Split.GENDER, "female", category_id=other)["reports"] == 1
    assert _row(Level.OFFICE, office, Split.GENDER, "male", category_id=other)["reports"] == 1
    assert _row(Level.OFFICE, office, Split.CHANNEL, "web", category_id=other)["reports"] == 2
    assert _row(Level.OFFICE, office, Split.AGE_BAND, "not_said")["reports"] == 3


@pytest.mark.parametrize(
    "fields", [{"category": "discrimination"}, {"category": "other-complaint", "about_office": True}]
)
def test_a_complaint_about_an_office_counts_for_the_ombudsman_handling_it(area, report, fields):
    """By its topic or by the citizen's answer: the accused office's own figures do not move."""
    report(office=area.commune_office, **fields)
    analytics_refresh()
    assert _row(Level.OFFICE, area.commune_office.pk) == {}
    assert _row(Level.OFFICE, area.district_ombudsman.pk)["reports"] == 1


def test_rebuild_gives_what_incremental_refresh_gave(area, report):
    for gender in ("female", "male", "female"):
        report(gender=gender)
    case = report(kind=Kind.INFORMATION)
    move(case, Status.ACKNOWLEDGED, MONDAY + DAY)
    with at(MONDAY + 2 * DAY):
        analytics_refresh()
        incremental = sorted(
            Fact.objects.values_list("level", "area", "split", "value", "reports", "acknowledged")
        )
        Fact.objects.all().delete()
        assert analytics_rebuild() == 1
    rebuilt = sorted(Fact.objects.values_list("level", "area", "split", "value", "reports", "acknowledged"))
    assert rebuilt == incremental
    assert RefreshState.objects.get().event_watermark > 0


@pytest.mark.django_db(transaction=True)
def test_rebuild_in_several_processes_gives_the_same_rows(area, report):
    """On PostgreSQL the partitions are computed in worker processes (SQLite runs them in one)."""
    report(gender="female")
    report(when=MONDAY - 40 * DAY, gender="male")  # another month: two partitions
    assert analytics_rebuild() == 2
    one = sorted(Fact.objects.values_list("level", "area", "month", "split", "value", "reports"))
    assert analytics_rebuild(workers=2) == 2
    assert sorted(Fact.objects.values_list("level", "area", "month", "split", "value", "reports")) == one


def test_rebuild_leaves_fresh_planner_statistics(area, report):
    """After a rebuild PostgreSQL must know how many rollup rows there are (services._analyze):
    with the statistics of an empty table it picks the wrong index for every dashboard."""
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    report(gender="female")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE analytics_fact")  # statistics of the table as it is now
        analytics_rebuild()
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'analytics_fact'")
        estimated = cursor.fetchone()[0]
    assert estimated == Fact.objects.count() > 0
