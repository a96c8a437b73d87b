"""Obvious contact details in text that staff are about to publish: phone numbers, e-mail
addresses and Telegram names. Names and places cannot be found reliably by a program: staff
remove those themselves (the form says so); this only catches what a pattern can.

Khmer digits are read as Latin ones (``to_latin_digits`` keeps every character's position).
"""

import re

from ourvoice.core.khmer import to_latin_digits

REDACTED = "[…]"
# Cambodian numbers: 0 or +855/855, then 8 or 9 digits, spaces, dots, dashes or brackets between
# them ("012 345 678", "+855 (0)12-345-678"). Dates and amounts do not start that way.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?855|855|0)[\s.\-]*(?:\(0\)[\s.\-]*)?\(?\d(?:[\s.\-)]*\d){7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_TELEGRAM = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{4,31}\b|(?:t\.me|telegram\.me)/[A-Za-z0-9_]{5,32}")
_PATTERNS = (_EMAIL, _TELEGRAM, _PHONE)


def _spans(text: str) -> list[tuple[int, int]]:
    latin = to_latin_digits(text)
    spans = sorted(match.span() for pattern in _PATTERNS for match in pattern.finditer(latin))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def contact_details_in(text: str) -> list[str]:
    """The phone numbers, e-mail addresses and Telegram names found in ``text``."""
    return [text[start:end] for start, end in _spans(text)]


def strip_contact_details(text: str) -> str:
    """``text`` with each phone number, e-mail address and Telegram name replaced by ``[…]``."""
    for start, end in reversed(_spans(text)):
        text = text[:start] + REDACTED + text[end:]
    return text
