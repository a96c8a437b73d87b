"""Template filters for Khmer pages (loaded as a builtin in every template)."""

from django import template
from django.utils.translation import get_language

from ourvoice.core.khmer import to_khmer_digits

register = template.Library()


@register.filter
def digits(value: object) -> str:
    """Show a number (or any text's digits) in Khmer digits on Khmer pages."""
    text = str(value)
    return to_khmer_digits(text) if (get_language() or "").startswith("km") else text
