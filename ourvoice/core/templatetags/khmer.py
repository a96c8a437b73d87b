"""Template filters for Khmer pages (loaded as a builtin in every template)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from ourvoice.core.khmer import to_khmer_digits, to_latin_digits

register = template.Library()

# A no-break space keeps the amount and its currency on one line on narrow screens.
_NBSP = "\u00a0"


def _is_khmer() -> bool:
    return (get_language() or "").startswith("km")


@register.filter
def digits(value: object) -> str:
    """Show a number (or any text's digits) in Khmer digits on Khmer pages."""
    text = str(value)
    return to_khmer_digits(text) if _is_khmer() else text


@register.filter
def riel(value: object) -> str:
    """A whole amount of riel, grouped by thousands: "២០,០០០ ៛" (Khmer), "KHR 20,000" (English).

    The riel has no coins in use, so amounts are whole numbers: a fraction is rounded half up.
    Accepts int, Decimal or a string in Latin or Khmer digits; anything else (None, "", text) is
    returned unchanged, as Django's own filters do, so a template never fails on a missing fee.
    """
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        amount = Decimal(to_latin_digits(str(value)).replace(",", "").strip())
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    grouped = number_format(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0, force_grouping=True)
    if _is_khmer():
        return f"{to_khmer_digits(grouped)}{_NBSP}៛"
    return f"KHR{_NBSP}{grouped}"
