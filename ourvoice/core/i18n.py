"""Language helpers shared by every page: the same address in the other language.

Pages live under a language prefix (``/km/...``, ``/en/...``); switching language must land on the
same page, not on the home page, and must work for addresses Django cannot resolve (a 404 page).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import override

# Each language's name written in that language, for the language switcher.
NATIVE_NAMES = {"km": "ខ្មែរ", "en": "English"}


def native_name(language: str) -> str:
    return NATIVE_NAMES.get(language, language)


def url_in_language(url: str, language: str) -> str:
    """``url`` (a path with an optional query string) as it reads in ``language``.

    Resolvable pages are reversed in the target language, so translated paths would follow; an
    unresolvable path under a language prefix keeps its rest with the prefix swapped; anything
    else (no prefix, another host) becomes the home page in that language. The answer is always
    a local path, never another site's address.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return _home(language)
    translated = translate_url(urlunsplit(("", "", parts.path, parts.query, "")), language)
    segments = urlsplit(translated).path.split("/", 2)
    codes = {code for code, _name in settings.LANGUAGES}
    if len(segments) < 3 or segments[1] not in codes:
        return _home(language)
    if segments[1] == language:
        return translated
    return urlunsplit(("", "", f"/{language}/{segments[2]}", parts.query, ""))


def _home(language: str) -> str:
    with override(language):
        return reverse("web:home")


def in_language(km: str, en: str) -> str:
    """The name for the active language: Khmer on Khmer pages (the English one when there is no
    Khmer), English elsewhere (or the Khmer one when there is no English). For ``__str__`` of
    named objects, which the admin and form choices show (issue 16 point 2)."""
    from django.utils.translation import get_language

    if (get_language() or settings.LANGUAGE_CODE) == "km":
        return km or en
    return en or km


def khmer_first(km: str, latin: str) -> str:
    """A place as Cambodians write it: the Khmer name, then the Latin one in brackets; on an
    English page the Latin name leads."""
    from django.utils.translation import get_language

    if not km or not latin or km == latin:
        return km or latin
    if (get_language() or settings.LANGUAGE_CODE) == "km":
        return f"{km} ({latin})"
    return f"{latin} ({km})"
