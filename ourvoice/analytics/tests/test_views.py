"""The oversight dashboard and comparison pages, through the client as staff use them."""

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import sign_in_verified
from ourvoice.analytics.services import analytics_refresh
from ourvoice.feedback.models import Kind
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office
from ourvoice.web.tests.pagetools import Element, find_all, has_khmer, parse

JUNE = {"start": "2026-06", "end": "2026-06"}


@pytest.fixture
def busy(area, report):
    """Siem Reap: six complaints and five requests for support at Sla Kram, one complaint at
    Svay Dankum (the lonely office); and a second province with a district and an office."""
    for _ in range(6):
        report()
    for _ in range(5):
        report(kind=Kind.SUPPORT)
    report(office=area.other_commune_office, commune=area.other_commune)
    analytics_refresh()
    pp = Province.objects.create(code="12", type="capital", name_km="ភ្នំពេញ", name_en="Phnom Penh")
    cm = District.objects.create(
        code="1201", type="khan", province=pp, name_km="ចំការមន", name_en="Chamkar Mon"
    )
    commune = Commune.objects.create(
        code="120101", type="sangkat", district=cm, name_km="ទន្លេបាសាក់", name_en="Tonle Basak"
    )
    area.pp = pp
    area.pp_district = cm
    area.pp_office = Office.objects.create(
        type=Office.Type.COMMUNE,
        name_km="ទន្លេបាសាក់",
        name_en="Tonle Basak office",
        province=pp,
        district=cm,
        commune=commune,
    )
    return area


@pytest.fixture
def staff(make_user, client: Client):
    def sign_in(role: str, **where: Any) -> Client:
        sign_in_verified(client, make_user(role, **where))
        return client

    return sign_in


def url(name: str = "dashboard", language: str = "en") -> str:
    return f"/{language}" + reverse(f"analytics:{name}")[3:]


def get(client: Client, name: str = "dashboard", language: str = "en", **params: str) -> Any:
    return client.get(url(name, language), params)


def cells(html: str, **attrs: str) -> list[str]:
    return [element.clean_text for element in find_all(parse(html), "td", **attrs)]


def row_of(html: str, name: str) -> Element:
    rows = [
        tr
        for tr in find_all(parse(html), "tr")
        if any(c.tag == "th" and c.clean_text == name for c in tr.children)
        and any("data-cell" in c.attrs for c in tr.children)
    ]
    assert len(rows) == 1, name
    return rows[0]


def test_office_staff_see_their_office_only(busy, staff):
    client = staff(Role.OFFICE_STAFF, office=busy.commune_office)
    response = get(client, **JUNE)
    assert response.status_code == 200
    assert "Sla Kram office" in response.content.decode()
    assert cells(response.content.decode(), **{"data-indicator": "reports"}) == ["11"]
    for other in (f"O{busy.other_commune_office.pk}", "D1710", "P17", "N", f"O{busy.pp_office.pk}"):
        assert get(client, area=other).status_code == 404, other
        assert get(client, "comparison", area=other).status_code == 404, other
    comparison = get(client, "comparison")
    assert comparison.status_code == 200
    assert "An office has no areas below it to compare" in comparison.content.decode()


def test_a_district_ombudsman_sees_the_offices_of_the_district_only(busy, staff):
    client = staff(Role.OMBUDSMAN, office=busy.district_ombudsman)
    assert get(client, **JUNE).status_code == 200
    office = get(client, area=f"O{busy.commune_office.pk}", **JUNE)
    assert office.status_code == 200
    way_up = [
        a.attrs["href"]
        for a in find_all(parse(office.content.decode()), "a")
        if "area=D1710" in a.attrs.get("href", "")
    ]
    assert way_up, "a link back up to the district"
    assert "area=P17" not in office.content.decode()  # the province is outside the scope
    for outside in ("D1201", f"O{busy.pp_office.pk}", "P17", "N", "O999999", "X17", "P"):
        assert get(client, area=outside).status_code == 404, outside
    page = get(client, "comparison", **JUNE).content.decode()
    assert "Sla Kram office" in page and "Tonle Basak office" not in page


def test_a_provincial_administration_sees_its_province_only(busy, staff):
    client = staff(Role.PROVINCIAL_ADMIN, province=busy.province)
    for inside in ("", "P17", "D1710", f"O{busy.owsu.pk}"):
        assert get(client, area=inside, **JUNE).status_code == 200, inside
    for outside in ("P12", "D1201", f"O{busy.pp_office.pk}", "N"):
        assert get(client, area=outside).status_code == 404, outside
    page = get(client, "comparison", **JUNE).content.decode()
    assert "Siem Reap" in page and "Chamkar Mon" not in page


def test_national_oversight_sees_every_area_and_the_map(busy, staff):
    client = staff(Role.NATIONAL_OVERSIGHT, office=busy.national)
    for area in ("", "N", "P12", "D1201", f"O{busy.pp_office.pk}", f"O{busy.commune_office.pk}"):
        assert get(client, area=area, **JUNE).status_code == 200, area
    page = get(client, **JUNE).content.decode()
    assert 'class="ov-chart ov-map"' in page
    assert "© OpenStreetMap contributors (ODbL)" in page
    assert cells(page, **{"data-indicator": "reports"}) == ["12"]
    assert "ov-map" not in get(client, area="P17", **JUNE).content.decode()


def test_no_scope_no_dashboard_and_signed_out_goes_to_sign_in(busy, staff, make_user):
    client = staff(Role.OMBUDSMAN, office=busy.provincial_ombudsman)
    assert get(client).status_code == 200
    client.logout()
    assert get(client).status_code == 302
    sign_in_verified(client, make_user(""))
    assert get(client).status_code == 404
    assert get(client, "comparison").status_code == 404


def test_the_lonely_office_shows_less_than_5_and_never_its_count(busy, staff):
    client = staff(Role.OMBUDSMAN, office=busy.district_ombudsman)
    page = get(client, area=f"O{busy.other_commune_office.pk}", **JUNE).content.decode()
    headline = cells(page, **{"data-indicator": "reports"})
    assert headline == ["< 5"]
    numbers = [text for text in cells(page) if re.search(r"[0-9]", text.replace("< 5", ""))]
    assert numbers == [], numbers  # no cell of the page shows any count of the lonely office
    for section in ("by-kind", "by-month", "by-channel"):
        assert set(cells(page, **{"data-section": section})) <= {"< 5", "–"}, section

    table = get(client, "comparison", indicator="reports", **JUNE).content.decode()
    lonely = row_of(table, "Svay Dankum office")
    values = {td.attrs["data-cell"]: td.clean_text for td in lonely.children if td.tag == "td"}
    assert values == {"rank": "–", "value": "< 5", "previous": "< 5", "trend": "–"}
    busy_row = row_of(table, "Sla Kram office")
    assert {td.attrs["data-cell"]: td.clean_text for td in busy_row.children if td.tag == "td"}[
        "value"
    ] == "11"


def test_filters_change_the_numbers(busy, staff):
    client = staff(Role.PROVINCIAL_ADMIN, province=busy.province)

    def reports(**params: str) -> list[str]:
        return cells(get(client, **JUNE, **params).content.decode(), **{"data-indicator": "reports"})

    assert reports() == ["12"]
    assert reports(kind=Kind.COMPLAINT) == ["7"]
    assert reports(kind=Kind.SUPPORT) == ["5"]
    khmer_june = {"start": "២០២៦-០៦", "end": "២០២៦-០៦"}  # Khmer digits typed into the month fields
    assert cells(get(client, **khmer_june).content.decode(), **{"data-indicator": "reports"}) == ["12"]
    assert reports(area=f"O{busy.commune_office.pk}") == ["11"]
    assert cells(
        get(client, start="2026-07", end="2026-08").content.decode(), **{"data-indicator": "reports"}
    ) == ["< 5"]


def test_a_split_shows_every_indicator_by_its_values(busy, staff):
    client = staff(Role.PROVINCIAL_ADMIN, province=busy.province)
    page = get(client, split="gender", **JUNE).content.decode()
    assert "Every indicator by Gender" in page
    assert page.count('class="ov-chart ov-grouped-bar-chart"') == 5
    assert "ov-grouped-bar-chart" not in get(client, **JUNE).content.decode()


@pytest.mark.parametrize(
    ("params", "message", "kept"),
    [
        ({"start": "2026-13"}, "Enter a month as year and month", 'value="2026-13"'),
        (
            {"start": "2026-06", "end": "2026-01"},
            "The last month must not be before the first month",
            'value="2026-01"',
        ),
        ({"start": "2000-01", "end": "2026-06"}, "Choose a period of at most 120 months", 'value="2000-01"'),
        ({"kind": "bogus", "start": "2026-02"}, "Choose one of the options in the list", 'value="2026-02"'),
        ({"split": "channel"}, "Choose one of the options in the list", ""),  # a select shows its options
        ({"category": "999999"}, "Choose one of the options in the list", ""),
    ],
)
def test_bad_filters_answer_400_with_a_message_and_keep_the_input(busy, staff, params, message, kept):
    client = staff(Role.PROVINCIAL_ADMIN, province=busy.province)
    for name in ("dashboard", "comparison") if "split" not in params else ("dashboard",):
        response = get(client, name, **params)
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert kept in page
        assert not cells(page, **{"data-indicator": "reports"})


def test_a_bad_sort_answers_400(busy, staff):
    client = staff(Role.PROVINCIAL_ADMIN, province=busy.province)
    response = get(client, "comparison", sort="-secret")
    assert response.status_code == 400
    assert "This table cannot be sorted that way" in response.content.decode()


def test_the_comparison_sorts_on_the_server_and_says_so(busy, report, staff):
    for _ in range(5):
        report(office=busy.other_commune_office, commune=busy.other_commune)
    analytics_refresh()  # Svay Dankum: 6 reports, Sla Kram: 11
    client = staff(Role.OMBUDSMAN, office=busy.district_ombudsman)

    def order(**params: str) -> tuple[list[str], list[str]]:
        page = get(client, "comparison", indicator="reports", **JUNE, **params).content.decode()
        names = [th.clean_text for th in find_all(parse(page), "th", scope="row")]
        sorted_by = [th.attrs["aria-sort"] for th in find_all(parse(page), "th") if "aria-sort" in th.attrs]
        return names, sorted_by

    assert order() == (["Sla Kram office", "Svay Dankum office"], ["ascending"])
    assert order(sort="-rank") == (["Svay Dankum office", "Sla Kram office"], ["descending"])
    assert order(sort="name") == (["Sla Kram office", "Svay Dankum office"], ["ascending"])
    assert order(sort="value")[0] == ["Svay Dankum office", "Sla Kram office"]
    page = get(client, "comparison", indicator="reports", **JUNE).content.decode()
    links = [a.attrs["href"] for a in find_all(parse(page), "a", **{"class": "dash-sort"})]
    assert "sort=-rank" in links[0] and "sort=value" in links[2] and "indicator=reports" in links[2]


def test_comparing_provinces_shows_the_map_and_trends_in_words(busy, report, staff):
    for _ in range(5):
        report(when=datetime.datetime(2026, 5, 4, 9, 0))
    analytics_refresh()  # Siem Reap: 5 reports in May, 12 in June
    client = staff(Role.NATIONAL_OVERSIGHT, office=busy.national)
    page = get(client, "comparison", indicator="reports", **JUNE).content.decode()
    assert 'class="ov-chart ov-map"' in page
    assert "© OpenStreetMap contributors (ODbL)" in page
    cells_of = {
        td.attrs["data-cell"]: td.clean_text for td in row_of(page, "Siem Reap").children if td.tag == "td"
    }
    assert cells_of == {"rank": "1", "value": "12", "previous": "5", "trend": "▲ up 7"}
    assert "ov-map" not in get(client, "comparison", area="P17", **JUNE).content.decode()


def test_the_khmer_page_has_khmer_labels_and_digits(busy, staff):
    client = staff(Role.PROVINCIAL_ADMIN, province=busy.province)
    response = get(client, language="km", **JUNE)
    assert response.status_code == 200
    elements = parse(response.content.decode())
    assert has_khmer(find_all(elements, "h1")[0].clean_text)
    assert all(has_khmer(th.clean_text) for th in find_all(elements, "th", scope="col"))
    assert cells(response.content.decode(), **{"data-indicator": "reports"}) == ["១២"]
    error = get(client, language="km", start="2026-13")
    assert error.status_code == 400
    assert has_khmer(" ".join(li.clean_text for li in find_all(parse(error.content.decode()), "li")))


def test_the_staff_home_links_to_the_dashboard_for_staff_with_a_scope(busy, staff, make_user, client):
    home = "/en" + reverse("accounts:home")[3:]
    staff(Role.OFFICE_HEAD, office=busy.commune_office)
    assert url() in client.get(home).content.decode()
    sign_in_verified(client, make_user(""))
    assert url() not in client.get(home).content.decode()


def test_the_pages_link_to_downloads_of_the_same_view(busy, staff):
    client = staff(Role.OMBUDSMAN, office=busy.district_ombudsman)
    page = get(client, kind=Kind.SUPPORT, **JUNE).content.decode()
    links = re.findall(r'href="([^"]*dashboard\.csv[^"]*)"', page)
    assert len(links) == 1
    assert f"district={busy.district.pk}" in links[0] and "kind=support" in links[0]
    body = client.get(links[0].replace("&amp;", "&")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    reports = [row["Value"] for row in rows if row["Indicator code"] == "reports" and not row["Split"]]
    assert reports and set(reports) == {"5"}  # the five requests for support, not all twelve reports
    assert "exports/cases/" in page  # an ombudsman may export the de-identified case list
    office = staff(Role.OFFICE_STAFF, office=busy.commune_office)
    assert "exports/cases/" not in get(office, **JUNE).content.decode()
