"""The receipt: shown once, never in an address, with a QR code, printable and savable as a PNG."""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from ourvoice.feedback.services import feedback_submit
from ourvoice.web.receipt_card import SESSION_KEY
from ourvoice.web.tests.citizen import Citizen, form_url, send_form
from ourvoice.web.tests.pagetools import find_all

TEXT = "The clerk asked me for 20,000 riel for a birth certificate."


@pytest.fixture
def receipt_page(place):
    citizen = Citizen()
    url = form_url(place, "complaint", "slow-service", lang="en")
    page = citizen.get(url)
    response = send_form(citizen, page, description=TEXT)
    assert response.status_code == 303
    return citizen, citizen.get(response["Location"])


def _posted_receipt(page) -> str:
    hidden = [e for e in find_all(page.elements, "input") if e.attrs.get("name") == "receipt"]
    return hidden[0].attrs["value"]


def test_the_receipt_page_shows_the_code_in_groups_of_four_with_a_qr_code(receipt_page):
    _citizen, page = receipt_page
    assert page.status == 200
    digits = _posted_receipt(page)
    groups = [e.clean_text for e in page.elements if e.attrs.get("class") == "receipt-card__group"]
    assert groups == [digits[i : i + 4] for i in range(0, 20, 4)]
    svg = find_all(page.elements, "svg")
    assert svg and svg[0].attrs["aria-hidden"] == "true" and "viewbox" in svg[0].attrs
    text = page.text()
    assert "Keep this code." in text and "Nobody at the office can see it" in text


def test_the_receipt_is_kept_encrypted_in_the_session_until_shown(place):
    from django.contrib.sessions.models import Session

    citizen = Citizen()
    url = form_url(place, "support", "resolve-problem", lang="en")
    response = send_form(citizen, citizen.get(url), description=TEXT)
    assert response.status_code == 303
    stored = Session.objects.get().session_data
    shown = citizen.get("/en/receipt/")
    assert _posted_receipt(shown) not in stored  # only ciphertext in the database
    assert SESSION_KEY not in citizen.client.session


def test_the_receipt_page_is_not_cached_and_refuses_head(receipt_page):
    citizen, _page = receipt_page
    response = citizen.client.get("/en/receipt/")
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
    assert citizen.client.head("/en/receipt/").status_code == 405


def test_a_print_button_and_print_styles_show_only_the_card(receipt_page):
    _citizen, page = receipt_page
    button = next(e for e in page.elements if "data-print" in e.attrs)
    assert "hidden" in button.attrs  # shown by receipt.js
    css = Path(finders.find("ourvoice/css/site.css") or "").read_text(encoding="utf-8")
    assert "@media print" in css and ".receipt-page > :not(.receipt-card)" in css


def test_save_as_image_returns_a_png_attachment(receipt_page):
    citizen, page = receipt_page
    form = next(f for f in find_all(page.elements, "form") if f.attrs.get("action") == "/en/receipt/image/")
    assert form.attrs["method"] == "post"
    response = citizen.client.post(form.attrs["action"], {"receipt": _posted_receipt(page)})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.width >= 290 and image.height > 290 + 40  # the code, then digits


def test_save_as_image_refuses_what_is_not_a_receipt_and_a_get_goes_to_the_receipt_page(place):
    client = Citizen().client
    assert client.post("/en/receipt/image/", {"receipt": "12"}).status_code == 400
    response = client.get("/en/receipt/image/")
    assert response.status_code == 302 and response["Location"] == "/en/receipt/"


def test_without_a_fresh_report_the_receipt_page_explains(place, make_input):
    feedback_submit(data=make_input())
    page = Citizen().get("/km/receipt/")
    assert page.status == 200
    assert not [e for e in find_all(page.elements, "input") if e.attrs.get("name") == "receipt"]
