"""The demo's offices have published fees: the QR poster shows a fee table, not "not yet published"."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from ourvoice.catalogue.models import Service
from ourvoice.demo.services import DEMO_FEE_SOURCE, DEMO_FEES
from ourvoice.offices.models import Office

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")


def _poster_text(office: Office, tmp_path: Path) -> str:
    output = tmp_path / "posters.pdf"
    call_command("catalogue_posters", "--district", office.district_id, "--output", str(output))
    pages = PdfReader(io.BytesIO(output.read_bytes())).pages
    return "\n".join(page.extract_text() for page in pages).replace("\xa0", " ")


def test_the_demo_posters_show_a_fee_table(pilot_places: None, data_dir: Path, tmp_path: Path) -> None:
    call_command("demo_seed", stdout=io.StringIO())
    office = Office.objects.filter(type=Office.Type.COMMUNE, is_pilot=True).order_by("commune_id").first()
    assert office is not None
    text = _poster_text(office, tmp_path)
    assert "Fee not yet published" not in text
    assert "KHR 4,000" in text  # the birth certificate's demo fee


def test_the_demo_fees_are_marked_as_demo_and_keep_what_an_administrator_entered(
    pilot_places: None, data_dir: Path, client
) -> None:
    edited = Service.objects.get(code="business-permit")
    edited.official_fee_riel, edited.source = 123_000, "Sub-decree (administrator's entry)"
    edited.save()
    call_command("demo_seed", stdout=io.StringIO())
    call_command("demo_seed", stdout=io.StringIO())  # again: nothing changes
    for code, (fee, days) in DEMO_FEES.items():
        service = Service.objects.get(code=code)
        if code == "business-permit":
            assert (service.official_fee_riel, service.source) == (
                123_000,
                "Sub-decree (administrator's entry)",
            )
            continue
        assert (service.official_fee_riel, service.processing_days) == (fee, days)
        assert service.source == DEMO_FEE_SOURCE
    page = client.get("/en/services/birth-certificate/").content.decode()
    assert "KHR 4,000" in page.replace("\xa0", " ") and "Demo data" in page
