"""The public transparency pages on a 360-px phone: accessible (axe), no CSP violation, nothing
fetched from elsewhere, the map and its data table both there."""

# ruff: noqa: F811 (the report fixture imported from the analytics tests is redefined as an argument)

import pytest

from ourvoice.analytics.services import analytics_refresh
from ourvoice.analytics.tests.conftest import report  # noqa: F401
from tests.e2e.conftest import assert_page_is_accessible_and_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["km", "en"])
def test_transparency_and_province_pages_are_accessible_on_a_phone(
    phone, live_server, area, starter_categories, report, lang
):
    for _ in range(6):
        report()
    report(office=area.other_commune_office, commune=area.other_commune)
    analytics_refresh()
    phone.goto(f"{live_server.url}/{lang}/transparency/")
    assert phone.locator("svg[role=img] title").count() >= 1  # the map, named for screen readers
    assert phone.locator("table th[scope=row]").count() >= 1  # and its numbers in a table
    assert_page_is_accessible_and_local(phone, live_server.url)
    phone.locator(f"a[href='/{lang}/transparency/{area.province.pk}/']").click()
    phone.wait_for_url(f"{live_server.url}/{lang}/transparency/{area.province.pk}/")
    assert phone.locator("h1").inner_text().strip() in (area.province.name_km, area.province.name_en)
    assert_page_is_accessible_and_local(phone, live_server.url)
