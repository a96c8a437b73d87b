"""Dashboards, comparisons and scopes read from the rollups; small numbers never come out."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import verified
from ourvoice.analytics.models import Level, Split
from ourvoice.analytics.scope import NATION, Area, Filters, area_from, scope_of
from ourvoice.analytics.selectors import comparison, dashboard
from ourvoice.analytics.services import analytics_refresh
from ourvoice.feedback.models import Category

JUNE = datetime.date(2026, 6, 1)


def _filters(area: Area, **more: object) -> Filters:
    return Filters(area=area, start=JUNE, end=JUNE, **more)  # type: ignore[arg-type]


@pytest.fixture
def busy(area, report):
    """Six reports at one commune office (four by women), one at the other."""
    for gender in ("female", "female", "female", "female", "male", "male"):
        report(gender=gender)
    report(office=area.other_commune_office, commune=area.other_commune, gender="female")
    analytics_refresh()
    return area


def test_the_commune_with_one_report_is_suppressed_everywhere(busy):
    lonely = Area(Level.OFFICE, str(busy.other_commune_office.pk))
    assert dashboard(_filters(lonely)).totals["reports"].suppressed
    rows = {
        row.area.id: row
        for row in comparison(
            _filters(Area(Level.DISTRICT, busy.district.pk)), level=Level.OFFICE, indicator="reports"
        )
    }
    assert rows[str(busy.other_commune_office.pk)].value.suppressed
    assert rows[str(busy.other_commune_office.pk)].rank is None
    assert rows[str(busy.commune_office.pk)].value.number == 6
    assert rows[str(busy.commune_office.pk)].rank == 1


def test_a_split_hides_small_groups_and_what_would_reveal_them(busy, report):
    for _ in range(6):
        report(gender="not_said")
    analytics_refresh()
    board = dashboard(_filters(Area(Level.PROVINCE, busy.province.pk), split=Split.GENDER))
    assert board.totals["reports"].number == 13
    assert board.by_split["not_said"]["reports"].number == 6
    # Two men: suppressed; being the only hidden cell, they would be 13 - 6 - 5: the five women
    # (the smallest shown count) are hidden too.
    assert board.by_split["male"]["reports"].suppressed
    assert board.by_split["female"]["reports"].suppressed


def test_an_office_dashboard_split_by_gender(busy):
    board = dashboard(_filters(Area(Level.OFFICE, str(busy.commune_office.pk)), split=Split.GENDER))
    assert board.totals["reports"].number == 6
    assert board.by_split["female"]["reports"].suppressed  # 4 women: fewer than 5
    assert board.by_split["male"]["reports"].suppressed


def test_an_office_split_filtered_by_a_category_reads_only_rollups(busy, report):
    for _ in range(5):
        report(gender="female")
    for _ in range(3):
        report(gender="female", category="other-complaint")
        report(gender="male")
    analytics_refresh()
    office = Area(Level.OFFICE, str(busy.commune_office.pk))
    slow = Category.objects.get(code="slow-service").pk
    everything = dashboard(_filters(office, split=Split.GENDER))
    assert everything.by_split["female"]["reports"].number == 12
    assert everything.by_split["male"]["reports"].number == 5
    assert everything.by_channel["web"].number == 17
    with CaptureQueriesContext(connection) as queries:
        one = dashboard(_filters(office, split=Split.GENDER, category=slow))
    assert one.by_split["female"]["reports"].number == 9
    assert one.by_split["male"]["reports"].number == 5
    assert one.by_channel["web"].number == 14
    assert one.totals["reports"].number == 14
    assert all("analytics_fact" in q["sql"] for q in queries.captured_queries)


def test_volumes_by_month_kind_and_channel(busy):
    board = dashboard(Filters(area=NATION, start=datetime.date(2026, 5, 1), end=JUNE))
    assert [month for month, _ in board.by_month] == [datetime.date(2026, 5, 1), JUNE]
    assert board.by_month[0][1]["reports"].suppressed  # nothing in May
    assert board.by_month[1][1]["reports"].number == 7
    assert board.by_kind["complaint"].number == 7
    assert board.by_channel["web"].number == 7


def test_each_role_gets_its_own_scope(area, make_user):
    def scope(role: str, **where: object) -> Area | None:
        return scope_of(user=verified(make_user(role, **where)))

    assert scope(Role.OFFICE_STAFF, office=area.commune_office) == Area(
        Level.OFFICE, str(area.commune_office.pk)
    )
    assert scope(Role.OFFICE_HEAD, office=area.owso) == Area(Level.OFFICE, str(area.owso.pk))
    assert scope(Role.OMBUDSMAN, office=area.district_ombudsman) == Area(Level.DISTRICT, area.district.pk)
    assert scope(Role.OMBUDSMAN, office=area.provincial_ombudsman) == Area(Level.PROVINCE, area.province.pk)
    assert scope(Role.PROVINCIAL_ADMIN, province=area.province) == Area(Level.PROVINCE, area.province.pk)
    assert scope(Role.NATIONAL_OVERSIGHT, office=area.national) == NATION
    assert scope(Role.SYSTEM_ADMIN) == NATION
    assert scope("") is None
    unverified = make_user(Role.SYSTEM_ADMIN)
    assert scope_of(user=unverified) is None


def test_filters_outside_the_scope_are_not_found(area):
    district = Area(Level.DISTRICT, area.district.pk)
    commune_office = str(area.commune_office.pk)
    assert area_from(scope=district, office=commune_office) == Area(Level.OFFICE, commune_office)
    for outside in (
        {"province": area.province.pk},
        {"office": str(area.provincial_ombudsman.pk)},
        {"office": "999999"},
        {"office": "not-a-number"},
        {"district": "9999"},
    ):
        with pytest.raises(Http404):
            area_from(scope=district, **outside)
    office = Area(Level.OFFICE, commune_office)
    with pytest.raises(Http404):
        area_from(scope=office, office=str(area.other_commune_office.pk))
