"""SMS keywords in Latin letters and in Khmer, compared after the project's normalisation."""

from django.utils.translation import gettext as _

from ourvoice.core.khmer import compact_key, to_latin_digits

_WORDS = {
    "status": ("STATUS", "ST", "ស្ថានភាព"),
    "complaint": ("COMPLAINT", "COMPLAIN", "ប្តឹង", "បណ្តឹង", "ពាក្យបណ្តឹង"),
    "information": ("INFO", "INFORMATION", "ព័ត៌មាន", "សុំព័ត៌មាន"),
    "cancel": ("CANCEL", "បោះបង់"),
    "stop": ("STOP", "ឈប់"),
    "help": ("HELP", "?", "ជំនួយ"),
    "lang": ("LANG", "LANGUAGE", "ភាសា"),
    "yes": ("YES", "Y", "1", "បាទ", "ចាស", "ចាំ", "អូខេ", "OK"),
    "no": ("NO", "N", "2", "ទេ", "អត់"),
    "en": ("EN", "ENGLISH", "អង់គ្លេស"),
    "km": ("KM", "KH", "KHMER", "ខ្មែរ"),
}
_LOOKUP = {compact_key(word): meaning for meaning, words in _WORDS.items() for word in words}


def meaning(word: str) -> str:
    """What a word means ("status", "yes", ...) or ""."""
    return _LOOKUP.get(compact_key(to_latin_digits(word)), "")


def split_keyword(text: str) -> tuple[str, str]:
    """(meaning of the first word, the rest of the message)."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return meaning(parts[0]), parts[1] if len(parts) > 1 else ""


def has_khmer(text: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in text)


def help_text() -> str:
    return _(
        "Our Voice: STATUS and your receipt code to follow a case. COMPLAINT to complain, "
        "INFO to ask for information. LANG EN or LANG KM. STOP ends updates."
    )
