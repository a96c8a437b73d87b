"""Checks on free text that every channel shares."""

import re

# NUL and other C0 controls (but tab, newline, carriage return) and lone surrogates cannot be
# stored by PostgreSQL or mean nothing to a reader; they come only from broken or hostile clients.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def contains_control_characters(text: str) -> bool:
    return bool(_FORBIDDEN.search(text))
