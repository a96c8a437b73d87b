"""Obvious contact details are found and replaced; dates, amounts and codes are left alone."""

import pytest

from ourvoice.catalogue.deidentify import REDACTED, contact_details_in, strip_contact_details


@pytest.mark.parametrize(
    "text",
    [
        "012 345 678",
        "០១២ ៣៤៥ ៦៧៨",
        "+855 12 345 678",
        "855-97-123-4567",
        "097.123.4567",
        "sokha.chan+1@example.org",
        "@sokha_chan",
        "t.me/sokha_chan",
    ],
)
def test_contact_details_are_found_and_replaced(text):
    sentence = f"សូមទាក់ទង {text} ។"
    assert contact_details_in(sentence) == [text]
    assert strip_contact_details(sentence) == f"សូមទាក់ទង {REDACTED} ។"


@pytest.mark.parametrize(
    "text", ["2026-04-14", "14/04/2026", "20,000 រៀល", "៤,០០០ ៛", "1234 5678 9012", "@ab"]
)
def test_dates_amounts_and_other_numbers_are_left_alone(text):
    assert contact_details_in(text) == [] and strip_contact_details(text) == text
