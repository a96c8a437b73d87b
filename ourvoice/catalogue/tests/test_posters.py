"""QR posters: one A4 page per office, the QR code leading to the office's page, Khmer shaped,
printed from the admin only (one office, the selected offices, a district or a province)."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image, ImageChops
from pypdf import PdfReader

from ourvoice.accounts.models import Role
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.catalogue.models import Service
from ourvoice.catalogue.posters import posters_pdf
from ourvoice.core.pdf import font_urls, pdf_render

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing"),
]
SITE = "https://ourvoice.example.org"
ADMIN = "/en/admin/"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.OURVOICE_SITE_URL = SITE + "/"


def _pages(pdf: bytes, tmp_path: Path, dpi: int = 100) -> list[Image.Image]:
    source = tmp_path / "posters.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", source, tmp_path / "page"], check=True)
    return [Image.open(path).convert("L") for path in sorted(tmp_path.glob("page-*.png"))]


def _qr_urls(pdf: bytes, tmp_path: Path) -> list[str]:
    urls = []
    for image in _pages(pdf, tmp_path):
        [found] = zxingcpp.read_barcodes(image)
        urls.append(found.text)
    return urls


def _url(office: Any) -> str:
    return f"{SITE}/km/o/{office.pk}/"


def _pdf(response: Any) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content) if response.streaming else response.content


def _made_in_the_background(client: Any, capture: Any, response_of: Any) -> bytes:
    """Many offices: the request queues a job (poster_jobs.py); its page then links the PDF."""
    with capture(execute=True):
        response = response_of()
    assert response.status_code == 302 and "/posters/jobs/" in response["Location"]
    return _pdf(client.get(response["Location"] + "download/"))


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources.get_object()["/Font"].get_object().values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_one_office_from_its_admin_page_qr_leads_to_its_page_with_fees(area, verified_admin_client, tmp_path):
    birth = Service.objects.get(code="birth-certificate")
    birth.official_fee_riel, birth.source = 4000, "Test fee table"
    birth.save()
    office = area.commune_office
    page = verified_admin_client.get(f"{ADMIN}offices/office/{office.pk}/change/").content.decode()
    link = f"{ADMIN}catalogue/service/posters/office/{office.pk}/"
    assert f'href="{link}"' in page
    pdf = _pdf(verified_admin_client.get(link))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert _qr_urls(pdf, tmp_path) == [_url(office)]
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\xa0", " ")
    for expected in (office.name_en, _url(office), "KHR 4,000", "Fee not yet published", "Make a complaint"):
        assert expected in text
    assert "Evaluate a service" in text and "anonymously" in text
    assert any("Kantumruy" in name for name in _fonts(pdf))
    # The address the QR code gives is the office's page, which opens the feedback forms.
    assert verified_admin_client.get(_url(office).removeprefix(SITE)).status_code == 200


def test_a_district_and_a_province_in_one_pdf_one_page_per_office(
    area, verified_admin_client, tmp_path, django_capture_on_commit_callbacks
):
    client, capture = verified_admin_client, django_capture_on_commit_callbacks
    chooser = f"{ADMIN}catalogue/service/posters/"
    assert f'href="{chooser}"' in verified_admin_client.get(f"{ADMIN}catalogue/service/").content.decode()
    assert verified_admin_client.get(chooser).status_code == 200
    district = _made_in_the_background(
        client, capture, lambda: client.post(chooser, {"district": area.district.code})
    )
    in_district = [area.owso, area.district_ombudsman, area.commune_office, area.other_commune_office]
    (tmp_path / "d").mkdir()
    assert sorted(_qr_urls(district, tmp_path / "d")) == sorted(_url(o) for o in in_district)
    province = _made_in_the_background(
        client, capture, lambda: client.post(chooser, {"province": area.province.code})
    )
    (tmp_path / "p").mkdir()
    urls = _qr_urls(province, tmp_path / "p")
    assert len(urls) == 6 and set(urls) == {
        _url(o) for o in [*in_district, area.owsu, area.provincial_ombudsman]
    }
    # Nothing chosen, or an unknown district: the form again with a message, never a 500.
    response = verified_admin_client.post(chooser, {"province": "", "district": ""})
    assert response.status_code == 400 and "Choose a province or a district." in response.content.decode()
    assert verified_admin_client.post(chooser, {"district": "9999"}).status_code == 400


def test_the_office_list_action_prints_the_selected_or_the_filtered_offices(
    area, verified_admin_client, django_capture_on_commit_callbacks
):
    client, capture = verified_admin_client, django_capture_on_commit_callbacks
    changelist = f"{ADMIN}offices/office/"
    selected = {"action": "print_posters", "_selected_action": [area.owso.pk, area.commune_office.pk]}
    pdf = _made_in_the_background(client, capture, lambda: client.post(changelist, selected))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    every = {"action": "print_posters", "select_across": "1", "_selected_action": [area.owso.pk]}
    filtered = f"{changelist}?province__code__exact={area.province.code}"
    pdf = _made_in_the_background(client, capture, lambda: client.post(filtered, every))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 6  # the province's offices, not the ministry


def test_only_system_administrators_print_posters(area, staff, client):
    links = [
        f"{ADMIN}catalogue/service/posters/office/{area.commune_office.pk}/",
        f"{ADMIN}catalogue/service/posters/?province={area.province.code}",
    ]
    head = client_for(staff(Role.OFFICE_HEAD, area.commune_office))
    for link in links:
        anonymous, denied = client.get(link), head.get(link)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
        assert denied.status_code in (302, 403) and not denied.content.startswith(b"%PDF")


def test_khmer_on_the_poster_is_shaped_like_a_reference_rendering(area, tmp_path):
    """The office's Khmer name on the poster page: stacked "ក្ស" clusters are narrower than the
    same letters side by side, and as wide as the same text rendered alone (the reference)."""
    office = area.commune_office

    def poster_with_name(name: str, folder: str) -> Image.Image:
        office.name_km = name
        (tmp_path / folder).mkdir()
        return _pages(posters_pdf(offices=[office]), tmp_path / folder, dpi=150)[0]

    stacked, side_by_side = poster_with_name("ក្សក្សក្សក្ស", "a"), poster_with_name("កសកសកសកស", "b")
    band = ImageChops.difference(stacked, side_by_side).getbbox()  # only the name differs
    assert band is not None

    def ink_width(image: Image.Image) -> int:
        ink = image.point(lambda v: 255 if v < 128 else 0)
        # The office box's vertical borders cross the whole line: not text, left out.
        for x in range(ink.width):
            if all(ink.getpixel((x, y)) for y in range(ink.height)):
                ink.paste(0, (x, 0, x + 1, ink.height))
        box = ink.getbbox()
        assert box is not None
        return box[2] - box[0]

    assert band[3] - band[1] < 80  # one line of text at 150 dpi: nothing else moved
    region = (0, band[1], stacked.width, band[3])
    shaped, unshaped = ink_width(stacked.crop(region)), ink_width(side_by_side.crop(region))
    assert shaped < 0.75 * unshaped
    fonts = font_urls()
    reference_html = (
        f'<style>@font-face{{font-family:K;font-weight:700;src:url("{fonts["bold"]}")}}'
        f"@page{{size:A4;margin:10mm}}body{{font-family:K;font-weight:700;font-size:15pt}}</style>"
        "<p>ក្សក្សក្សក្ស</p>"
    )
    (tmp_path / "ref").mkdir()
    reference = _pages(pdf_render(reference_html), tmp_path / "ref", dpi=150)[0]
    assert abs(ink_width(reference) - shaped) <= 3


def test_the_command_writes_a_districts_posters(area, tmp_path):
    output = tmp_path / "district.pdf"
    call_command("catalogue_posters", "--district", area.district.code, "--output", str(output))
    assert len(PdfReader(output).pages) == 4
    with translation.override("en"), pytest.raises(CommandError, match="No office"):
        call_command("catalogue_posters", "--district", "9999", "--output", str(output))
