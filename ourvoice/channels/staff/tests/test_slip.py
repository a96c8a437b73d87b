"""The receipt slip: a PDF with the receipt, shaped Khmer in the vendored font, nothing fetched."""

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from ourvoice.channels.staff.slip import slip_pdf
from ourvoice.channels.staff.tests.conftest import DONE, NEW, SLIP, form_data
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.core.pdf import ZWSP, font_urls, khmer_wrappable, pdf_render
from ourvoice.feedback.receipts import Receipt, parse_receipt
from ourvoice.web.receipt_card import SESSION_KEY

pytestmark = pytest.mark.django_db
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources.get_object()["/Font"].get_object().values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _page_image(pdf: bytes, tmp_path: Path, dpi: int = 100) -> Image.Image:
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            source,
            tmp_path / "page",
        ],
        check=True,
    )
    return Image.open(tmp_path / "page.png").convert("L")


def _ink_width(image: Image.Image) -> int:
    box = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None, "nothing was drawn"
    return box[2] - box[0]


def _entered(client) -> Receipt:
    """Enter a report; the receipt as the confirmation page shows it (Latin digits in English)."""
    client.post(NEW, form_data())
    html = client.get(DONE).content.decode()
    shown = re.search(r'class="receipt-card__digits">(.*?)</p>', html, re.S)
    assert shown is not None
    receipt = parse_receipt(re.sub(r"<[^>]+>", "", shown.group(1)))
    assert receipt is not None
    return receipt


def test_slip_is_a_pdf_download_with_the_receipt_and_leaves_the_session(clerk_client, settings):
    settings.OURVOICE_SITE_URL = "http://192.168.1.20:8080/"
    receipt = _entered(clerk_client)
    response = clerk_client.post(SLIP)
    pdf = response.content
    assert response.status_code == 200 and pdf.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert receipt.grouped() in text  # Latin digits, in groups of four
    assert "192.168.1.20:8080/km/track/" in text.replace("\n", "")  # the configured address
    assert any("Kantumruy" in name for name in _fonts(pdf))
    assert not any(key.startswith("channels.staff:") for key in clerk_client.session.keys())  # noqa: SIM118 (a session is not iterable)
    assert SESSION_KEY not in clerk_client.session


def test_slip_is_only_reached_by_post(clerk_client):
    clerk_client.post(NEW, form_data())
    assert clerk_client.get(SLIP).status_code == 405


@needs_pdftoppm
def test_slip_page_is_drawn(area, tmp_path):
    receipt = Receipt(locator="12345678", secret="901234567890")
    pdf = slip_pdf(
        receipt=receipt,
        office=area.commune_office,
        day=datetime.date(2026, 4, 14),
        track_url="http://example.org/km/track/",
    )
    assert any("Kantumruy" in name for name in _fonts(pdf))
    image = _page_image(pdf, tmp_path)
    dark = sum(image.histogram()[:128])
    assert dark > 0.02 * image.width * image.height  # text and the QR code, not a blank page
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


@needs_pdftoppm
def test_khmer_is_shaped_coeng_stacks_under_its_consonant(tmp_path):
    """Shaped, "ក្ស" is one stacked cluster, narrower than "កស" side by side; unshaped, the coeng
    would show as a separate dotted-circle glyph and make it wider."""
    fonts = font_urls()

    def width(text: str) -> int:
        html = (
            f'<style>@font-face{{font-family:K;src:url("{fonts["regular"]}")}}'
            f"@page{{size:80mm 30mm;margin:5mm}}body{{font-family:K;font-size:40pt}}</style><p>{text}</p>"
        )
        pdf = pdf_render(html)
        assert any("K" in name for name in _fonts(pdf))
        out = tmp_path / str(abs(hash(text)))
        out.mkdir()
        return _ink_width(_page_image(pdf, out, dpi=150))

    stacked, side_by_side = width("ក្ស"), width("កស")
    assert stacked < 0.75 * side_by_side


def test_khmer_runs_are_cut_into_words_with_zero_width_spaces():
    text = khmer_wrappable("សូមរក្សាទុកបង្កាន់ដៃនេះ www.example.org/km/track/")
    assert ZWSP in text
    assert text.replace(ZWSP, "") == "សូមរក្សាទុកបង្កាន់ដៃនេះ www.example.org/km/track/"
    assert "www.example.org/km/track/" in text  # Latin left alone


def test_rendering_fetches_nothing_from_the_network():
    html = '<img src="http://example.invalid/x.png"><p>x</p>'
    with pytest.raises(FatalURLFetchingError, match=r"example\.invalid"):
        pdf_render(html)


def test_khmer_digits_of_the_receipt():
    assert to_khmer_digits("1234 5678") == "១២៣៤ ៥៦៧៨"
