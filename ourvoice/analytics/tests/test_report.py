"""The quarterly report: a PDF per area and language, shaped Khmer, "< 5" for small numbers,
downloaded by the roles that may, stored by the quarterly task and the command."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from PIL import Image, ImageChops
from pypdf import PdfReader

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import sign_in_verified
from ourvoice.analytics.models import Level
from ourvoice.analytics.report_files import FOLDER, stored_reports
from ourvoice.analytics.report_format import Quarter
from ourvoice.analytics.report_pdf import report_pdf
from ourvoice.analytics.report_tasks import store_quarterly_reports
from ourvoice.analytics.scope import NATION, Area
from ourvoice.analytics.services import analytics_refresh
from ourvoice.analytics.tests.conftest import MONDAY, at
from ourvoice.core.pdf import font_urls, pdf_render
from ourvoice.geo.models import Province

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing"),
]
Q2 = Quarter(2026, 2)
URL = "/en/staff/analytics/reports/"


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def _page_one(pdf: bytes, folder: Path, dpi: int = 150) -> Image.Image:
    folder.mkdir()
    (folder / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1", folder / "r.pdf", folder / "p"],
        check=True,
    )
    [page] = sorted(folder.glob("p-*.png"))
    return Image.open(page).convert("L")


def _ink_width(image: Image.Image) -> int:
    box = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None
    return box[2] - box[0]


@pytest.fixture
def one_and_seven(area, report):
    """Seven reports in Siem Reap's district in June 2026 (quarter 2), one in Battambang."""
    for gender in ["female"] * 4 + ["male"] * 3:
        report(gender=gender)
    analytics_refresh()
    return area


def test_the_national_report_has_its_sections_in_english(one_and_seven):
    text = _text(report_pdf(area=NATION, quarter=Q2, language="en"))
    for expected in (
        "Cambodia · Q2 2026",
        "Main indicators",
        "Reports by kind",
        "Reports by month",
        "June 2026",
        "Reports by category",
        "Main indicators by the respondent's gender",
        "Provinces compared",
        "Siem Reap",
        "OpenStreetMap contributors (ODbL)",
        "Definitions",
        "Generated on",
    ):
        assert expected in text, expected


def test_a_province_with_one_report_shows_less_than_5_not_the_count(area, report, tmp_path):
    report(description="ONE-ONLY")
    analytics_refresh()
    pdf = report_pdf(area=Area(Level.PROVINCE, area.province.pk), quarter=Q2, language="en")
    text = _text(pdf)
    headline = text[text.index("Main indicators") : text.index("Reports by kind")]
    assert "< 5" in headline or "<5" in headline
    assert "1" not in headline.replace("(1-5)", "")  # the single report's count appears nowhere
    assert "Districts compared" in text and "ONE-ONLY" not in text


def test_khmer_in_the_report_is_shaped_like_a_reference_rendering(area, tmp_path):
    """The province's Khmer name in the title: stacked "ក្ស" clusters are narrower than the same
    letters side by side, and as wide as the same text rendered alone with the vendored font."""
    province = Area(Level.PROVINCE, area.province.pk)

    def with_name(name: str, folder: str) -> Image.Image:
        Province.objects.filter(pk=area.province.pk).update(name_km=name)
        return _page_one(report_pdf(area=province, quarter=Q2, language="km"), tmp_path / folder)

    # One clock for both: a minute turning between them changed the "Generated on" line too, and
    # the compared band then held two lines.
    with time_machine.travel(timezone.now(), tick=False):
        stacked, side_by_side = with_name("ក្សក្សក្សក្ស", "a"), with_name("កសកសកសកស", "b")
    band = ImageChops.difference(stacked, side_by_side).getbbox()
    assert band is not None and band[3] - band[1] < 90  # only the title line differs
    region = (0, band[1], stacked.width, band[3])
    shaped, unshaped = _ink_width(stacked.crop(region)), _ink_width(side_by_side.crop(region))
    fonts = font_urls()

    def reference(text: str, folder: str) -> int:
        html = (
            f'<style>@font-face{{font-family:"Kantumruy Pro";font-weight:700;src:url("{fonts["bold"]}")}}'
            '@page{size:A4;margin:0}body{font-family:"Kantumruy Pro","DejaVu Sans","Noto Sans",sans-serif;'
            f"font-weight:700;font-size:18pt;margin:0}}</style><p>{text}</p>"
        )
        return _ink_width(_page_one(pdf_render(html), tmp_path / folder))

    with translation.override("km"):
        label = Q2.label()
    # The whole title line is as wide as the same text rendered alone (within 3%)...
    assert abs(reference(f"ក្សក្សក្សក្ស · {label}", "ref") - shaped) <= 10
    # ...and the stacked name saves at least a fifth of the side-by-side letters' width.
    assert unshaped - shaped >= 0.2 * reference("កសកសកសកស", "ref-letters")
    text = _text(report_pdf(area=province, quarter=Q2, language="km"))
    assert any("\u1780" <= c <= "\u17ff" for c in text)  # Khmer text, in the embedded font


@pytest.mark.parametrize(
    ("role", "where", "national", "own_province"),
    [
        (Role.NATIONAL_OVERSIGHT, "national", 200, 200),
        (Role.SYSTEM_ADMIN, None, 200, 200),
        (Role.PROVINCIAL_ADMIN, "province", 404, 200),
        (Role.OMBUDSMAN, "provincial_ombudsman", 404, 200),
        (Role.OMBUDSMAN, "district_ombudsman", 404, 404),
        (Role.OFFICE_HEAD, "commune_office", 404, 404),
    ],
)
def test_who_may_download_which_report(one_and_seven, make_user, client, role, where, national, own_province):
    area = one_and_seven
    if where == "province":
        user = make_user(role, province=area.province)
    else:
        user = make_user(role, office=getattr(area, where) if where else None)
    sign_in_verified(client, user)
    params = {"year": "2026", "quarter": "2", "language": "en"}
    answer = client.get(URL, {**params, "area": "national"})
    assert answer.status_code == national
    own = client.get(URL, {**params, "area": area.province.pk})
    assert own.status_code == own_province
    if own_province == 200:
        assert own["Content-Type"] == "application/pdf" and own.content.startswith(b"%PDF")
        Province.objects.create(code="02", type="province", name_km="បាត់ដំបង", name_en="Battambang")
        other = client.get(URL, {**params, "area": "02"})
        assert other.status_code == (200 if national == 200 else 404)
        # Bad input: a message and a 400, never a 500.
        bad = client.get(URL, {**params, "area": area.province.pk, "quarter": "9"})
        assert bad.status_code == 400 and "quarter from 1 to 4" in bad.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_quarterly_task_stores_every_report_and_the_page_lists_them(one_and_seven, make_user, client):
    with at(MONDAY.replace(month=7, day=2)):
        stored = store_quarterly_reports.call_local()
    assert stored == 2 * 2  # the nation and the one province in the database, Khmer and English
    names = sorted(r.name for r in stored_reports())
    assert names == [
        "2026-Q2/national-en.pdf",
        "2026-Q2/national-km.pdf",
        "2026-Q2/province-17-en.pdf",
        "2026-Q2/province-17-km.pdf",
    ]
    with default_storage.open(f"{FOLDER}/2026-Q2/national-km.pdf", "rb") as file:
        assert file.read(4) == b"%PDF"
    # Running it twice replaces the files.
    with at(MONDAY.replace(month=7, day=2)):
        store_quarterly_reports.call_local()
    assert len(stored_reports()) == 4
    provincial = make_user(Role.PROVINCIAL_ADMIN, province=one_and_seven.province)
    sign_in_verified(client, provincial)
    page = client.get(URL).content.decode()
    assert "/en/staff/analytics/reports/stored/2026-Q2/province-17-km.pdf" in page
    assert "national-km.pdf" not in page
    assert client.get(f"{URL}stored/2026-Q2/province-17-en.pdf").content.startswith(b"%PDF")
    assert client.get(f"{URL}stored/2026-Q2/national-en.pdf").status_code == 404
    assert client.get(f"{URL}stored/../../secret.pdf").status_code == 404


def test_the_command_renders_one_province_in_one_language(one_and_seven):
    out = io.StringIO()
    call_command(
        "analytics_report",
        "--year",
        "2026",
        "--quarter",
        "2",
        "--province",
        "17",
        "--language",
        "km",
        stdout=out,
    )
    assert out.getvalue().strip() == f"{FOLDER}/2026-Q2/province-17-km.pdf"
    with pytest.raises(CommandError):
        call_command("analytics_report", "--year", "2026", "--quarter", "5")
    with pytest.raises(CommandError):
        call_command("analytics_report", "--year", "2026", "--quarter", "1", "--province", "99")


def test_quarters():
    assert Quarter.last_ended(MONDAY.date()) == Quarter(2026, 1)
    assert Quarter.last_ended(MONDAY.date().replace(month=1)) == Quarter(2025, 4)
    assert Quarter.parse("២០២៦", "Q3") == Quarter(2026, 3)
    for bad in (("2026", "0"), ("x", "1"), ("1999", "1")):
        with pytest.raises(ValueError):
            Quarter.parse(*bad)


def test_the_staff_page_carries_the_strict_policy_and_no_inline_code(area, make_user, client):
    from ourvoice.core.tests.test_csp import assert_strict_policy, inline_code

    sign_in_verified(client, make_user(Role.SYSTEM_ADMIN))
    response = client.get(URL)
    assert response.status_code == 200 and "Quarterly reports" in response.content.decode()
    assert_strict_policy(response)
    assert inline_code(response) == []


def test_the_worker_finds_the_quarterly_task():
    """``run_huey`` imports only modules named ``tasks``: analytics/tasks.py brings it in."""
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    assert "ourvoice.analytics.report_tasks.store_quarterly_reports" in HUEY._registry._registry
