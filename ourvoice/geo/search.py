"""How a place's names are stored for search, and how a query is turned into keys that meet them.

The loader (``services.py``) and the reader (``selectors.place_search``) both come here, so the
stored form and the query form cannot drift apart.

``Place.search_text`` holds every key of a place between ``|`` separators, for example
``|siem reap|siemreap|សៀមរាប|siem reab|siemreab|``. The separators let one ``LIKE`` pattern tell
the kinds of hit apart: ``|key|`` is a whole name, ``|key`` a name that starts with the query,
``key`` anywhere a substring. The keys come from ``ourvoice.core.khmer`` (Khmer normalised, Latin
lower-cased without accents), so plain ``contains`` finds the same rows on SQLite and PostgreSQL:
``icontains`` would add ``UPPER()`` on PostgreSQL and, on SQLite, fold only ASCII letters.
"""

from collections.abc import Iterable
from functools import lru_cache

from ourvoice.core.khmer import compact_key, search_key

SEPARATOR = "|"
# A query must keep at least this many characters (after normalising) to search at all: one
# letter would match a large part of the 16,000 names and tell the citizen nothing.
MIN_QUERY_LENGTH = 2

# Words people put before or after a name ("ខេត្តសៀមរាប", "Khan Sen Sok", "Kampot province") that
# the gazetteer's names leave out. A query is also tried without them.
_KHMER_UNIT_WORDS = ("រាជធានី", "ខេត្ត", "ក្រុង", "ស្រុក", "ខណ្ឌ", "សង្កាត់", "ឃុំ", "ភូមិ")
_LATIN_UNIT_WORDS = frozenset(
    {
        "province",
        "khaet",
        "khet",
        "capital",
        "district",
        "srok",
        "municipality",
        "krong",
        "city",
        "khan",
        "commune",
        "khum",
        "sangkat",
        "village",
        "phum",
    }
)
# Compared after search_key, like everything else (it changes Khmer subscripts).
_KHMER_UNIT_KEYS = tuple(search_key(word) for word in _KHMER_UNIT_WORDS)


def _clean(key: str) -> str:
    return " ".join(key.replace(SEPARATOR, " ").split())


# Normalising is the slow part of loading 16,000 places, and 40% of their names repeat
# ("Thmei", "Kandal", ...): remember the keys of recent names.
@lru_cache(maxsize=32768)
def _keys_of(name: str) -> tuple[str, str]:
    return _clean(search_key(name)), compact_key(name)


def name_keys(names: Iterable[str]) -> list[str]:
    """The keys of a set of names (in order, without repeats): spaced and compact forms."""
    keys: list[str] = []
    for name in names:
        for key in _keys_of(name):
            if key and key not in keys:
                keys.append(key)
    return keys


def build_search_text(names: Iterable[str]) -> str:
    """The value stored in ``search_text`` for a place with these names and aliases."""
    keys = name_keys(names)
    return f"{SEPARATOR}{SEPARATOR.join(keys)}{SEPARATOR}" if keys else ""


def _without_unit_words(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[0] in _LATIN_UNIT_WORDS:
        words = words[1:]
    while len(words) > 1 and words[-1] in _LATIN_UNIT_WORDS:
        words = words[:-1]
    text = " ".join(words)
    for unit in _KHMER_UNIT_KEYS:
        if text.startswith(unit) and len(text) > len(unit):
            return text[len(unit) :].strip()
    return text


def query_keys(query: str) -> list[str]:
    """The keys to look for when someone types ``query``; empty when it is too short to search."""
    spaced = _clean(search_key(query))
    if len(compact_key(spaced)) < MIN_QUERY_LENGTH:
        return []
    bare = _without_unit_words(spaced)
    keys = name_keys([spaced, bare] if bare != spaced else [spaced])
    return [key for key in keys if len(compact_key(key)) >= MIN_QUERY_LENGTH]
