"""Search keys must make look-alike Khmer spellings equal (KHMER.md) without merging words."""

from hypothesis import given
from hypothesis import strategies as st

from ourvoice.core.khmer import (
    compact_key,
    normalize_khmer,
    search_key,
    to_khmer_digits,
    to_latin_digits,
)

khmer_text = st.text(alphabet=st.characters(min_codepoint=0x1780, max_codepoint=0x17FF), max_size=30)


def test_coeng_da_and_coeng_ta_fold_together():
    assert search_key("សប្ដាហ៍") == search_key("សប្តាហ៍")
    assert search_key("កណ្ដាល") == search_key("កណ្តាល")


def test_split_vowels_meet_their_composed_form():
    assert search_key("\u1780\u17c1\u17b8") == search_key("\u1780\u17be")  # e + ii = oe
    assert search_key("\u1780\u17c1\u17b6") == search_key("\u1780\u17c4")  # e + aa = oo


def test_mark_order_typed_either_way_meets():
    assert search_key("\u1780\u17bb\u17c6") == search_key("\u1780\u17c6\u17bb")  # ុំ vs ំុ
    # vowel typed before the coeng
    assert search_key("\u179f\u17d2\u178f\u17b8") == search_key("\u179f\u17b8\u17d2\u178f")
    # coeng RO typed before another coeng
    assert search_key("ស្រ្តី") == search_key("ស្ត្រី")


def test_invisible_characters_are_removed():
    assert search_key("ភ្នំ\u200bពេញ") == search_key("ភ្នំពេញ")
    assert search_key("ភ្នំ\ufeffពេញ") == search_key("ភ្នំពេញ")


def test_different_words_stay_different():
    assert search_key("ផ្លូវ") != search_key("ផ្លូវការ")
    assert search_key("ដី") != search_key("ដៃ")


def test_latin_is_folded_and_compacted():
    assert search_key("Kratié") == "kratie"
    assert compact_key("Siem  Reab") == compact_key("SIEMREAB") == "siemreab"


def test_digits_convert_both_ways():
    assert to_khmer_digits("2026-04-14") == "២០២៦-០៤-១៤"
    assert to_latin_digits("១២៣៤ ៥៦៧៨") == "1234 5678"
    assert search_key("ភូមិ១") == search_key("ភូមិ1")


@given(khmer_text)
def test_normalisation_is_idempotent(text):
    once = normalize_khmer(text)
    assert normalize_khmer(once) == once


@given(khmer_text)
def test_normalisation_keeps_every_consonant(text):
    """Only order changes (and coeng DA may become TA): no letter is lost or invented."""

    def consonants(s: str) -> list[str]:
        return sorted("\u178f" if c == "\u178a" else c for c in s if 0x1780 <= ord(c) <= 0x17A2)

    assert consonants(normalize_khmer(text)) == consonants(text)


def test_subscripts_are_kept_so_different_words_stay_apart():
    assert search_key("ក្រចេះ") != search_key("ករចេះ")
    assert "\u17d2" in search_key("ក្រចេះ")


def test_compact_key_drops_khmer_punctuation():
    assert compact_key("ភ្នំពេញ។") == compact_key("ភ្នំពេញ")
