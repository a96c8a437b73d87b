"""The transparency pages, the open-data CSV and an office's public indicators: anyone may see
them, nothing there comes from fewer than 5 reports, and no report's text ever appears."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from ourvoice.analytics.public import OPEN_DATA_COLUMNS
from ourvoice.analytics.services import analytics_refresh
from ourvoice.analytics.tests.conftest import MONDAY, move, rate
from ourvoice.cases.models import Status

pytestmark = pytest.mark.django_db
SECRET = "UNIQUE-DESCRIPTION-7f3a9"
INDEX = "/en/transparency/"


@pytest.fixture(autouse=True)
def _in_july():
    """The pages show the 12 months up to now: look at them in July 2026."""
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 7, 10, 9)), tick=False):
        yield


def _csv(client) -> list[dict[str, str]]:
    response = client.get(f"{INDEX}open-data.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == ",".join(OPEN_DATA_COLUMNS)
    return list(csv.DictReader(io.StringIO(text)))


def test_a_province_with_one_report_shows_less_than_5_and_no_text(area, report, client):
    report(description=SECRET)
    analytics_refresh()
    for url in (INDEX, f"{INDEX}{area.province.pk}/", "/km/transparency/"):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert SECRET not in html
        assert "&lt; 5" in html or "&lt; ៥" in html
    province_page = client.get(f"{INDEX}{area.province.pk}/").content.decode()
    assert "Siem Reap" in province_page and "Districts" in province_page
    rows = [r for r in _csv(client) if r["province_code"] == "17" and r["month"] == "2026-06"]
    reports = [r for r in rows if r["indicator"] == "reports" and r["kind"] == "complaint"]
    assert reports == [{**reports[0], "value": "", "suppressed": "1"}]
    assert not any(SECRET in ",".join(r.values()) for r in _csv(client))


def test_enough_reports_are_shown_everywhere(area, report, client):
    for _ in range(6):
        report(description=SECRET)
    analytics_refresh()
    cache.clear()
    html = client.get(INDEX).content.decode()
    assert ">6<" in html.replace(" ", "") and SECRET not in html
    assert 'href="/en/transparency/open-data.csv"' in html and "CC BY 4.0" in html
    assert "OpenStreetMap contributors (ODbL)" in html and "<svg" in html
    rows = _csv(client)
    june = [
        r for r in rows if r["province_code"] == "17" and r["month"] == "2026-06" and r["kind"] == "complaint"
    ]
    assert {r["indicator"]: (r["value"], r["suppressed"]) for r in june}["reports"] == ("6", "0")
    assert {r["unit"] for r in rows} >= {"count", "share"}
    assert all(r["value"] == "" for r in rows if r["suppressed"] == "1")


def test_public_pages_need_no_sign_in_and_unknown_provinces_are_404(area, client):
    assert client.get(INDEX).status_code == 200
    assert client.get("/en/transparency/99/").status_code == 404
    assert client.get("/en/transparency/x'or/").status_code == 404
    assert 'href="/en/transparency/"' in client.get("/en/").content.decode()  # the footer link


def _rated(report, score_of: list[int]) -> None:
    for i, score in enumerate(score_of):
        case = report(description=f"ខ្ញុំបានរង់ចាំសំបុត្រកំណើត {i} សប្ដាហ៍។")
        when = MONDAY + datetime.timedelta(days=1)
        case = move(case, Status.ACKNOWLEDGED, when)
        case = move(case, Status.RESOLVED, when + datetime.timedelta(days=1))
        case = move(case, Status.CLOSED, when + datetime.timedelta(days=2))
        rate(case, score, when + datetime.timedelta(days=3))
    analytics_refresh()


def test_the_office_page_shows_its_indicators_with_5_ratings(area, report, client):
    _rated(report, [5, 4, 4, 5, 2, 4])  # at least 5 resolved by this office
    html = client.get(f"/en/o/{area.commune_office.pk}/").content.decode()
    assert "How this office answers" in html
    section = html[html.index("How this office answers") : html.index("Figures for every province")]
    assert "4.0" in section and "100%" in section, section
    assert 'href="/en/transparency/"' in html


def test_the_office_page_shows_less_than_5_with_fewer_ratings(area, report, client):
    _rated(report, [5, 4])
    html = client.get(f"/en/o/{area.commune_office.pk}/").content.decode()
    section = html[html.index("How this office answers") :]
    assert section.count("&lt; 5") >= 2


def test_public_pages_carry_the_strict_policy_and_no_inline_code(area, client):
    from ourvoice.core.tests.test_csp import assert_strict_policy, inline_code

    for url in (INDEX, "/km/transparency/", f"/km/transparency/{area.province.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_strict_policy(response)
        assert inline_code(response) == [], url
