"""Khmer text utilities: search keys, digits and word breaks (see docs/khmer.md).

Unicode NFC does nothing for Khmer, so two spellings that render the same stay different
strings. ``search_key`` puts every syllable's marks in one canonical order, composes split
vowels, folds coeng DA to coeng TA and strips invisible characters, so that look-alike
spellings compare equal. It is for matching only: never display its output.
"""

import re
import threading
import unicodedata
from enum import IntEnum
from functools import lru_cache


class _Cat(IntEnum):
    """Order in which the marks of one syllable are stored after normalisation."""

    OTHER = 0
    BASE = 1
    ROBAT = 2
    COENG = 3
    SHIFT = 4
    VOWEL_PRE = 5
    VOWEL_BELOW = 6
    VOWEL_ABOVE = 7
    VOWEL_POST = 8
    SIGN = 9
    SIGN_FINAL = 10


def _category(char: str) -> _Cat:
    cp = ord(char)
    if 0x1780 <= cp <= 0x17A2 or 0x17A5 <= cp <= 0x17B3:
        return _Cat.BASE
    if cp == 0x17B6:
        return _Cat.VOWEL_POST
    if 0x17B7 <= cp <= 0x17BA:
        return _Cat.VOWEL_ABOVE
    if 0x17BB <= cp <= 0x17BD:
        return _Cat.VOWEL_BELOW
    if 0x17BE <= cp <= 0x17C5:
        return _Cat.VOWEL_PRE
    if cp in (0x17C7, 0x17C8):
        return _Cat.SIGN_FINAL
    if cp in (0x17C9, 0x17CA):
        return _Cat.SHIFT
    if cp == 0x17CC:
        return _Cat.ROBAT
    if cp == 0x17D2:
        return _Cat.COENG
    if cp in (0x17C6, 0x17CB, 0x17D3, 0x17DD) or 0x17CD <= cp <= 0x17D1:
        return _Cat.SIGN
    return _Cat.OTHER


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_COMPOSED_VOWELS = [
    ("\u17c1\u17b8", "\u17be"),  # e + ii -> oe
    ("\u17c1\u17b6", "\u17c4"),  # e + aa -> oo
    ("\u17be\u17b6", "\u17c4\u17b8"),  # a confusable pair typed two ways
]
_COENG_RO_FIRST = re.compile("(\u17d2\u179a)(\u17d2[\u1780-\u17b3])")


def _sort_syllable(chars: list[str]) -> str:
    """Sort one syllable's characters by category; a coeng keeps the consonant after it."""
    units: list[tuple[_Cat, str]] = []
    i = 0
    while i < len(chars):
        char = chars[i]
        if char == "\u17d2" and i + 1 < len(chars) and _category(chars[i + 1]) == _Cat.BASE:
            units.append((_Cat.COENG, char + chars[i + 1]))
            i += 2
            continue
        units.append((_category(char), char))
        i += 1
    text = "".join(unit for _, unit in sorted(units, key=lambda u: u[0]))  # stable sort
    for split, composed in _COMPOSED_VOWELS:
        text = text.replace(split, composed)
    text = _COENG_RO_FIRST.sub(r"\2\1", text)  # coeng RO is written last in a stack
    return text.replace("\u17d2\u178a", "\u17d2\u178f")  # coeng DA and coeng TA look alike


def _is_khmer(char: str) -> bool:
    return 0x1780 <= ord(char) <= 0x17FF


def normalize_khmer(text: str) -> str:
    """Canonical order of Khmer marks, without invisible characters (for matching)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    if not any(map(_is_khmer, text)):
        return text  # most names and queries in Latin need no syllable work
    out: list[str] = []
    syllable: list[str] = []
    for char in text:
        if _category(char) == _Cat.BASE and not (syllable and syllable[-1] == "\u17d2"):
            out.append(_sort_syllable(syllable))
            syllable = [char]
        elif syllable and _category(char) != _Cat.OTHER:
            syllable.append(char)
        else:
            out.append(_sort_syllable(syllable))
            syllable = []
            out.append(char)
    out.append(_sort_syllable(syllable))
    return "".join(out)


def fold_latin(text: str) -> str:
    """Lower case, no accents: "Kratié" and "KRATIE" both become "kratie".

    Khmer signs are combining characters too (the coeng among them): they are kept.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if _is_khmer(c) or not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept).casefold()


def search_key(text: str) -> str:
    """The form in which names and queries are compared: Khmer normalised, Latin folded."""
    return " ".join(fold_latin(normalize_khmer(to_latin_digits(text))).split())


def compact_key(text: str) -> str:
    """``search_key`` without spaces or punctuation: "Siem Reab" and "Siemreab" meet."""
    return "".join(
        c for c in search_key(text) if (c.isalnum() or _is_khmer(c)) and c not in _KHMER_PUNCTUATION
    )


_KHMER_PUNCTUATION = frozenset("\u17d4\u17d5\u17d6\u17d7\u17d8\u17d9\u17da")
_KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
_TO_KHMER = str.maketrans("0123456789", _KHMER_DIGITS)
_TO_LATIN = str.maketrans(_KHMER_DIGITS, "0123456789")


def to_khmer_digits(text: str) -> str:
    return text.translate(_TO_KHMER)


def to_latin_digits(text: str) -> str:
    """Map Khmer digits to ASCII before validating input (Django's date fields need it)."""
    return text.translate(_TO_LATIN)


_SPACES = re.compile(r"(\s+)")
_KHMER_LETTERS = re.compile(r"[\u1780-\u17b3]")


_TAGGER_LOCK = threading.Lock()


def khmer_tokenize(text: str) -> list[str]:
    """khmercut's word segmentation, one thread at a time. Its CRF tagger is one object per
    process, opened lazily (a second thread could tag with it before it is open: "The tagger is not
    opened", a 500 under gunicorn's threads) and it keeps state between its calls while tagging."""
    from khmercut import tokenize  # imported here: the model loads on the first Khmer text only

    with _TAGGER_LOCK:
        return list(tokenize(text))


@lru_cache(maxsize=8192)
def _khmer_tokens(chunk: str) -> tuple[str, ...]:
    return tuple(khmer_tokenize(chunk))


def khmer_word_pieces(text: str) -> list[tuple[str, list[str]]]:
    """``text`` cut where a line may break: (chunk, pieces) for each run of spaces or of other
    characters. Spaces and chunks without Khmer have no pieces; a chunk with Khmer is cut between
    its words (khmercut), punctuation and Latin kept with the word beside them: "(ស្រេចចិត្ត)" is
    one piece, "សម្រាប់តែស្ថិតិ" three. Joining the pieces gives the chunk back. For display
    (``|wordbreak``); search has its own segmentation (``core.search``).
    """
    result: list[tuple[str, list[str]]] = []
    for chunk in _SPACES.split(text):
        if not chunk or chunk.isspace() or not any(map(_is_khmer, chunk)):
            if chunk:
                result.append((chunk, []))
            continue
        pieces: list[str] = []
        pending = ""  # punctuation before the first word waits for it
        for token in _khmer_tokens(chunk):
            if not _KHMER_LETTERS.search(token):
                if pieces:
                    pieces[-1] += token
                else:
                    pending += token
                continue
            pieces.append(pending + token)
            pending = ""
        if pending:
            pieces.append(pending)
        result.append((chunk, pieces))
    return result
