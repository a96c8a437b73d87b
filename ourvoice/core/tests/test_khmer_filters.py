"""The digits and riel filters (builtins in every template), on Khmer and English pages."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, lang: str, **context: object) -> str:
    with translation.override(lang):
        return Template(source).render(Context(context))


def test_digits_are_khmer_on_khmer_pages():
    assert render("{{ value|digits }}", "km", value="012") == "០១២"
    assert render("{{ value|digits }}", "km", value=2026) == "២០២៦"


def test_digits_stay_latin_on_english_pages():
    assert render("{{ value|digits }}", "en", value="012") == "012"


def test_digits_leave_letters_alone():
    assert render("{{ value|digits }}", "km", value="Case 7A") == "Case ៧A"


@pytest.mark.parametrize(
    ("value", "khmer", "english"),
    [
        (20000, "២០,០០០\u00a0៛", "KHR\u00a020,000"),
        (0, "០\u00a0៛", "KHR\u00a00"),
        (999, "៩៩៩\u00a0៛", "KHR\u00a0999"),
        (1234567, "១,២៣៤,៥៦៧\u00a0៛", "KHR\u00a01,234,567"),
        (Decimal("4000.50"), "៤,០០១\u00a0៛", "KHR\u00a04,001"),  # whole riel, half up
        ("២០០០០", "២០,០០០\u00a0៛", "KHR\u00a020,000"),  # Khmer digits in
        ("12,000", "១២,០០០\u00a0៛", "KHR\u00a012,000"),
    ],
)
def test_riel(value, khmer, english):
    assert render("{{ value|riel }}", "km", value=value) == khmer
    assert render("{{ value|riel }}", "en", value=value) == english


@pytest.mark.parametrize(("value", "shown"), [(None, ""), ("", ""), ("n/a", "n/a")])
def test_riel_never_breaks_a_page(value, shown):
    assert render("{{ value|riel }}", "km", value=value) == shown
