"""Template filters for Khmer pages (loaded as a builtin in every template)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from ourvoice.core.khmer import khmer_word_pieces, to_khmer_digits, to_latin_digits

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


@register.filter
def wordbreak(value: object) -> str:
    """Khmer text that wraps only between words: ``{{ label|wordbreak }}``.

    Khmer has no spaces between words, and the browser's own guesses break inside words
    ("ស្រេច|ចិត្ត") in narrow cells. Each Khmer word found by khmercut goes into a
    ``<span class="kw">`` that does not wrap (site.css), with ``<wbr>`` between words: the line may
    break there and nowhere else. Nothing is added to the text itself (copying, searching and
    screen readers see the plain words). Text without Khmer comes back unchanged, and so does
    markup already marked safe (its tags cannot be cut into words). docs/khmer.md says where it
    is used and what it costs.
    """
    if value is None:
        return ""
    text = str(value)  # a SafeString stays one (its __str__ is itself)
    if isinstance(value, SafeData) and ("<" in text or "&" in text):
        return text
    if not any("\u1780" <= char <= "\u17ff" for char in text):
        return text
    return _word_markup(str.__str__(text))  # the cache key: plain text, never a SafeString


@lru_cache(maxsize=4096)  # labels and help repeat on every page: cut each once per process
def _word_markup(text: str) -> SafeString:
    out: list[str] = []
    for chunk, pieces in khmer_word_pieces(text):
        if not pieces:
            out.append(conditional_escape(chunk))
            continue
        words = [
            f'<span class="kw">{conditional_escape(piece)}</span>'
            if len(piece) <= _LONGEST_UNBROKEN
            else conditional_escape(piece)
            for piece in pieces
        ]
        out.append("<wbr>".join(words))
    # One element around it all: in a flex or grid container the words stay one item of text.
    return mark_safe(f'<span class="kw-text">{"".join(out)}</span>')  # noqa: S308 - each piece escaped above


# A "word" longer than this stays breakable: a narrow cell must not be pushed wider than the phone.
_LONGEST_UNBROKEN = 14
