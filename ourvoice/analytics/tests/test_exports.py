"""CSV and XLSX of dashboards and comparisons, through the staff pages: contents, suppression,
scope, bad input, Khmer, formula escaping."""

import csv
import io

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import sign_in_verified
from ourvoice.analytics.exports_files import Table, safe_cell, to_csv, to_xlsx
from ourvoice.analytics.indicators import INDICATORS
from ourvoice.analytics.services import analytics_refresh
from ourvoice.geo.models import District

BASE = "/en/staff/analytics/exports/"
JUNE = "start=2026-06&end=2026-06"


@pytest.fixture
def busy(area, report):
    """Six reports at one commune office (four by women, two by men), ONE at the other."""
    for gender in ("female", "female", "female", "female", "male", "male"):
        report(gender=gender)
    report(office=area.other_commune_office, commune=area.other_commune, gender="female")
    analytics_refresh()
    return area


def _client(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


@pytest.fixture
def province_admin(busy, make_user) -> Client:
    return _client(make_user(Role.PROVINCIAL_ADMIN, province=busy.province))


@pytest.fixture
def ombudsman(busy, make_user) -> Client:
    return _client(make_user(Role.OMBUDSMAN, office=busy.district_ombudsman))


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    body = response.content
    assert body.startswith("\ufeff".encode())  # a BOM, so that Excel reads UTF-8 (Khmer)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(response) -> list[list[object]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_filtered_dashboard_as_csv_has_every_indicator_per_month_and_split(province_admin, busy, report):
    report(gender="other")
    analytics_refresh()
    response = province_admin.get(f"{BASE}dashboard.csv?province=17&{JUNE}&split=gender")
    assert "attachment" in response["Content-Disposition"]
    assert 'filename="ourvoice-dashboard-P17-2026-06-2026-06.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert list(rows[0]) == [
        "Area",
        "Period",
        "Indicator code",
        "Indicator",
        "Split",
        "Value",
        "Value as shown",
    ]
    reports = [row for row in rows if row["Indicator code"] == "reports"]
    total = next(row for row in reports if row["Split"] == "")
    assert (total["Area"], total["Period"], total["Indicator"]) == ("Siem Reap", "2026-06", "Reports")
    assert (total["Value"], total["Value as shown"]) == ("8", "8")
    assert {row["Indicator code"] for row in rows} == set(INDICATORS)
    by_split = {(row["Period"], row["Split"]): row for row in reports if row["Split"]}
    # Five women shown; two men and one "other" hidden (two hidden cells: neither can be found
    # by subtracting from the total, so no shown cell is hidden with them).
    for period in ("2026-06",):
        assert by_split[(period, "Gender: Female")]["Value"] == "5"
        assert by_split[(period, "Gender: Male")]["Value"] == "< 5"
        assert by_split[(period, "Gender: Other")]["Value as shown"] == "< 5"
    assert len([row for row in rows if row["Split"] == "Gender: Male"]) == 2 * len(INDICATORS)


def test_a_filtered_dashboard_as_xlsx_in_khmer(province_admin, busy):
    response = province_admin.get(f"/km/staff/analytics/exports/dashboard.xlsx?province=17&{JUNE}")
    rows = _xlsx(response)
    with translation.override("km"):
        label = str(INDICATORS["reports"].label)
    assert label != "Reports"
    total = next(row for row in rows if row[2] == "reports")
    assert total[0] == "សៀមរាប"
    assert total[3] == label
    assert total[5] == 7
    assert total[6] == "៧"


def test_a_single_hidden_cell_takes_the_smallest_shown_one_with_it(province_admin, busy):
    rows = _csv(province_admin.get(f"{BASE}dashboard.csv?province=17&{JUNE}&split=gender"))
    reports = {row["Split"]: row["Value"] for row in rows if row["Indicator code"] == "reports"}
    assert reports["Gender: Male"] == reports["Gender: Female"] == "< 5"  # else 7 - 5 = 2 men


def test_the_commune_with_one_report_is_less_than_5_and_never_its_number(ombudsman, busy):
    lonely = busy.other_commune_office.pk
    rows = _csv(ombudsman.get(f"{BASE}dashboard.csv?office={lonely}&{JUNE}"))
    reports = next(row for row in rows if row["Indicator code"] == "reports" and row["Period"] == "2026-06")
    assert reports["Value"] == reports["Value as shown"] == "< 5"
    values = {cell for row in rows for cell in (row["Value"], row["Value as shown"])}
    assert values <= {"< 5", ""}  # no number at all comes out of one report
    sheet = _xlsx(ombudsman.get(f"{BASE}dashboard.xlsx?office={lonely}&{JUNE}"))
    assert {cell for row in sheet[1:] for cell in row[5:]} <= {"< 5", None}


def test_the_comparison_table_lists_the_offices_with_ranks(ombudsman, busy):
    response = ombudsman.get(f"{BASE}comparison.csv?{JUNE}&level=O&indicator=reports")
    rows = {row["Area"]: row for row in _csv(response)}
    assert rows["Sla Kram office"]["Value"] == "6"
    assert rows["Sla Kram office"]["Rank"] == "1"
    assert rows["Svay Dankum office"]["Value"] == "< 5"
    assert rows["Svay Dankum office"]["Rank"] == ""
    assert "1" not in {rows["Svay Dankum office"][name] for name in ("Value", "Value as shown")}
    sheet = _xlsx(ombudsman.get(f"{BASE}comparison.xlsx?{JUNE}&level=O&indicator=reports"))
    assert sheet[0][0] == "Area"
    assert len(sheet) == 3


def test_another_area_is_not_found(ombudsman, busy, make_user):
    District.objects.create(
        code="1711", name_km="ក", name_en="Another", type="district", province=busy.province
    )
    assert ombudsman.get(f"{BASE}dashboard.csv?district=1711").status_code == 404
    assert ombudsman.get(f"{BASE}comparison.csv?province=17").status_code == 404
    staff = _client(make_user(Role.OFFICE_STAFF, office=busy.commune_office))
    assert staff.get(f"{BASE}dashboard.csv?office={busy.other_commune_office.pk}").status_code == 404
    assert staff.get(f"{BASE}dashboard.csv?office={busy.commune_office.pk}&{JUNE}").status_code == 200
    assert Client().get(f"{BASE}dashboard.csv").status_code == 302  # to the sign-in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-13", "Give the first month as YYYY-MM"),
        ("start=2026-06&end=2025-01", "Give the last month as YYYY-MM"),
        ("kind=nonsense", "Give a kind"),
        ("split=religion", "Split by gender"),
        ("category=99999", "Give a category"),
        ("district=%00", "Give a district code"),
        ("level=X", "Compare areas one level below"),
    ],
)
def test_bad_filters_answer_400_with_a_message(province_admin, query, message):
    response = province_admin.get(f"{BASE}comparison.csv?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_bad_filters_are_explained_in_khmer(province_admin):
    response = province_admin.get("/km/staff/analytics/exports/dashboard.csv?start=x")
    assert response.status_code == 400
    with translation.override("km"):
        from ourvoice.analytics.params import MESSAGES

        assert str(MESSAGES["start"]) in response.content.decode()


def test_cells_that_look_like_formulas_are_escaped():
    assert [safe_cell(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "ok", "< 5", -3, None)] == [
        "'=1+1",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "ok",
        "< 5",
        -3,
        None,
    ]
    table = Table(title="t", header=["a"], rows=[['=HYPERLINK("http://x")'], [-3]])
    assert "'=HYPERLINK" in to_csv(table).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x")'
    assert sheet["A3"].value == -3
