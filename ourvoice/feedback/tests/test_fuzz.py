"""Hypothesis fuzzing of the receipt parser and of the file checks: whatever comes in, the only
outcome besides success is the documented rejection (None for a receipt, a ValidationError with
code ``file_refused`` for a file), never another exception."""

import io
import wave

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter

from ourvoice.feedback.files import _ALLOWED, clean_upload
from ourvoice.feedback.receipts import LOCATOR_DIGITS, SECRET_DIGITS, Receipt, parse_receipt
from ourvoice.feedback.tests.test_files import audio_with_tags, jpeg_with_metadata, png_with_metadata

KHMER = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(
    st.one_of(st.text(max_size=200), st.text(alphabet="0123456789០១២៣៤៥៦៧៨៩ -–._/\u200b\x00", max_size=40))
)
def test_parse_receipt_answers_a_receipt_or_none(text):
    receipt = parse_receipt(text)
    if receipt is not None:
        assert len(receipt.locator) == LOCATOR_DIGITS and len(receipt.secret) == SECRET_DIGITS
        assert receipt.digits.isascii() and receipt.digits.isdigit()
        assert parse_receipt(receipt.grouped()) == receipt


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text()), st.floats()))
def test_parse_receipt_refuses_what_is_not_text(value):
    assert parse_receipt(value) is None


@FUZZ
@given(st.text(alphabet="0123456789", min_size=20, max_size=20), st.sampled_from([" ", "-", "", " - "]))
def test_every_spelling_of_a_receipt_parses_the_same(digits, separator):
    receipt = Receipt(digits[:8], digits[8:])
    spelled = separator.join(digits[i : i + 4] for i in range(0, 20, 4))
    assert parse_receipt(spelled) == receipt
    assert parse_receipt(spelled.translate(KHMER)) == receipt


def _samples() -> dict[str, bytes]:
    pdf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.write(pdf)
    sound = io.BytesIO()
    with wave.open(sound, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x01" * 800)
    webp = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(webp, "WEBP")
    return {
        "jpg": jpeg_with_metadata(),
        "png": png_with_metadata(),
        "webp": webp.getvalue(),
        "pdf": pdf.getvalue(),
        "wav": sound.getvalue(),
        "webm": audio_with_tags(),
    }


SAMPLES = _samples()
EXTENSIONS = [*sorted(_ALLOWED), "html", "svg", "exe", "", "jpg.exe", "PNG"]


def _check(name: str, data: bytes) -> None:
    try:
        clean = clean_upload(name=name, data=data)
    except ValidationError as error:
        assert error.code == "file_refused"
        return
    assert clean.kind in {"image", "audio", "pdf"} and clean.data


@FUZZ
@given(st.sampled_from(EXTENSIONS), st.binary(max_size=2048))
def test_random_bytes_are_refused_cleanly(extension, data):
    _check(f"upload.{extension}", data)


@FUZZ
@given(
    st.sampled_from(sorted(SAMPLES)),
    st.sampled_from(EXTENSIONS),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=12),
    st.one_of(st.none(), st.integers(min_value=0)),
    st.binary(max_size=64),
)
def test_damaged_truncated_or_polyglot_files_are_refused_or_cleaned(kind, extension, flips, cut, tail):
    data = bytearray(SAMPLES[kind])
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    _check(f"upload.{extension}", bytes(data) + tail)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_samples_themselves_are_accepted(kind):
    assert clean_upload(name=f"sample.{kind}", data=SAMPLES[kind]).data
