"""The receipt saved as an image: a PNG in the page's language and digits, Khmer shaped by libraqm."""

import io

import pytest
import zxingcpp
from django.utils import translation
from PIL import Image, ImageChops, ImageDraw, ImageFont

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.receipts import parse_receipt
from ourvoice.web import receipt_image
from ourvoice.web.tests.citizen import Citizen, form_url, send_form
from ourvoice.web.tests.pagetools import find_all


def _saved_image(place, lang: str) -> tuple[str, Image.Image]:
    """Send a report in ``lang``, open the receipt page, press "Save as image"."""
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang=lang))
    assert send_form(citizen, page, description="ខ្ញុំបានរង់ចាំយូរ។").status_code == 303
    receipt_page = citizen.get(f"/{lang}/receipt/")
    forms = find_all(receipt_page.elements, "form")
    form = next(f for f in forms if f.attrs.get("action", "").endswith("/image/"))
    digits = next(e for e in find_all(receipt_page.elements, "input") if e.attrs.get("name") == "receipt")
    response = citizen.client.post(form.attrs["action"], {"receipt": digits.attrs["value"]})
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="our-voice-receipt.png"'
    return digits.attrs["value"], Image.open(io.BytesIO(response.content)).convert("RGB")


def _ink_rows(image: Image.Image) -> list[tuple[int, int]]:
    """(top, bottom) of each horizontal band that has ink, top to bottom."""
    grey = image.convert("L")
    pixels = grey.tobytes()
    width = grey.width
    inked = [min(pixels[y * width : (y + 1) * width]) < 128 for y in range(grey.height)]
    bands, start = [], None
    for y, ink in enumerate([*inked, False]):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            bands.append((start, y))
            start = None
    return bands


def test_the_environment_shapes_khmer():
    """libraqm is there and shapes: a pre-base vowel and a subscript change the drawing."""
    assert receipt_image.khmer_shaping_available()
    path = receipt_image._khmer_font(40, 400).path
    shaped = ImageFont.truetype(path, 40, layout_engine=ImageFont.Layout.RAQM)
    unshaped = ImageFont.truetype(path, 40, layout_engine=ImageFont.Layout.BASIC)

    def draw(font: ImageFont.FreeTypeFont) -> Image.Image:
        image = Image.new("L", (300, 90), 255)
        ImageDraw.Draw(image).text((10, 10), "ស្រេចចិត្ត", font=font, fill=0)
        return image

    assert ImageChops.difference(draw(shaped), draw(unshaped)).getbbox() is not None


@pytest.mark.parametrize("lang", ["km", "en"])
def test_the_saved_image_carries_the_receipt_in_its_qr_code(place, lang):
    digits, image = _saved_image(place, lang)
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == digits


def test_the_khmer_image_is_khmer_with_khmer_digits_and_the_latin_digits_under_them(place):
    _digits, khmer = _saved_image(place, "km")
    _digits_en, english = _saved_image(place, "en")
    # One more line on the Khmer card: the Latin digits under the Khmer ones, as on the page.
    assert len(_ink_rows(khmer)) > len(_ink_rows(english))
    assert khmer.tobytes() != english.tobytes()


@pytest.mark.parametrize("lang", ["km", "en"])
def test_each_line_of_the_card_is_in_the_language_of_the_page(lang):
    receipt = parse_receipt("12345678901234567890")
    assert receipt is not None
    with translation.override(lang):
        lines = [item.text for item in receipt_image._content(receipt, lang == "km") if item is not None]
    khmer_lines = [line for line in lines if receipt_image._KHMER.search(line)]
    if lang == "km":
        assert lines[0] == "សំឡេងយើង" and to_khmer_digits(receipt.grouped()) in lines
        assert receipt.grouped() in lines  # and the Latin digits
        assert [line for line in lines if line not in khmer_lines] == [receipt.grouped()]
    else:
        assert lines[0] == "Our Voice" and receipt.grouped() in lines and not khmer_lines
    # Khmer lines are drawn with the shaping engine and the site's own font.
    font = receipt_image._font("ខ្មែរ", 30)
    assert isinstance(font, ImageFont.FreeTypeFont) and font.layout_engine == ImageFont.Layout.RAQM
    assert font.getname()[0] == "Kantumruy Pro"


def test_without_libraqm_the_card_is_drawn_in_english_rather_than_unshaped(monkeypatch):
    receipt = parse_receipt("12345678901234567890")
    assert receipt is not None
    english = receipt_image.receipt_png(receipt, language="en")
    monkeypatch.setattr(receipt_image, "khmer_shaping_available", lambda: False)
    assert receipt_image.receipt_png(receipt, language="km") == english
