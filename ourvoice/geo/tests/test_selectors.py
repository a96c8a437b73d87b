"""Reads of the gazetteer, on the small slice loaded by the real loader."""

import pytest

from ourvoice.geo.models import District, Province
from ourvoice.geo.selectors import Level, MatchKind, commune_list, district_list, place_search, province_list

pytestmark = pytest.mark.usefixtures("gazetteer")


def test_lists_follow_the_hierarchy_in_code_order():
    assert [p.code for p in province_list()] == ["08", "10", "12", "17"]
    assert [d.code for d in district_list(province_code="12")] == ["1208", "1213"]
    assert [c.code for c in commune_list(district_code="1213")] == ["121301", "121304"]


def test_unknown_parent_codes_raise_instead_of_answering_an_empty_list():
    with pytest.raises(Province.DoesNotExist):
        district_list(province_code="99")
    with pytest.raises(District.DoesNotExist):
        commune_list(district_code="9999")


def _first(query: str):
    matches = place_search(query=query)
    assert matches, query
    return matches[0]


@pytest.mark.parametrize("query", ["siem reap", "Siem Reap", "SIEMREAB", "siemreap", "Siem  Reab", "សៀមរាប"])
def test_siem_reap_province_first_for_every_spelling(query):
    first = _first(query)
    assert (first.level, first.code, first.match) == (Level.PROVINCE, "17", MatchKind.EXACT)


@pytest.mark.parametrize("query", ["Kracheh", "kratie", "Kratié", "KRATIE", "ក្រចេះ"])
def test_kratie_spellings_find_the_province_and_the_municipality(query):
    codes = [m.code for m in place_search(query=query)]
    assert codes[:2] == ["10", "1002"]


@pytest.mark.parametrize(
    "query",
    [
        "កណ្ដាល",  # coeng DA, as in many official names
        "កណ្តាល",  # coeng TA, as in the gazetteer's province name
        "កណ្\u200bដាល",  # a zero-width space inside
        "\u200bកណ្តាល\u200b",
    ],
)
def test_kandal_in_khmer_whatever_the_subscript_or_invisible_characters(query):
    first = _first(query)
    assert (first.code, first.match) == ("08", MatchKind.EXACT)
    # Roka Kandal (រកាកណ្ដាល, coeng DA) is found too, by substring.
    assert "100211" in [m.code for m in place_search(query=query)]


def test_khmer_split_vowel_matches_the_composed_vowel():
    split = "ក\u17c1\u17b6ះទ្រង់"  # e + aa, where the gazetteer has the single vowel oo (កោះទ្រង់)
    assert _first(split).code == "100207"


def test_ranking_exact_then_prefix_then_substring_and_higher_levels_first():
    matches = place_search(query="siem reap", limit=50)
    kinds = [m.match for m in matches]
    assert kinds == sorted(kinds, key=list(MatchKind).index)
    exact = [(m.level, m.code) for m in matches if m.match is MatchKind.EXACT]
    assert exact[:4] == [
        (Level.PROVINCE, "17"),
        (Level.DISTRICT, "1710"),
        (Level.COMMUNE, "080122"),
        (Level.COMMUNE, "171009"),
    ]
    assert all(level is Level.VILLAGE for level, _ in exact[4:])


def test_an_exact_village_ranks_before_a_commune_that_only_starts_with_the_word():
    matches = place_search(query="chhuk")
    assert [(m.level, m.code, m.match) for m in matches[:2]] == [
        (Level.VILLAGE, "17010110", MatchKind.EXACT),  # Chhuk
        (Level.COMMUNE, "170101", MatchKind.PREFIX),  # Char Chhuk
    ]


def test_prefix_of_a_word_ranks_before_a_substring():
    matches = place_search(query="keng", limit=50)
    assert matches[0].match is MatchKind.PREFIX  # "Boeng *Keng* Kang"
    assert {m.code for m in matches} >= {"1213", "121301"}


def test_a_village_hit_carries_its_commune_district_and_province():
    village = next(m for m in place_search(query="siem reap", limit=50) if m.level is Level.VILLAGE)
    assert village.commune is not None and village.district is not None and village.province is not None
    assert village.code.startswith(village.commune.code)
    assert village.commune.code.startswith(village.district.code)
    assert village.district.code.startswith(village.province.code)
    assert village.type == "village"
    province = _first("Phnom Penh")
    assert (province.province, province.district, province.commune, province.type) == (
        None,
        None,
        None,
        "capital",
    )
    sangkat = next(m for m in place_search(query="olympic") if m.level is Level.COMMUNE)
    assert sangkat.district is not None and sangkat.province is not None
    assert sangkat.district.name_en == "Boeng Keng Kang" and sangkat.province.code == "12"
    assert sangkat.commune is None


@pytest.mark.parametrize("query", ["", " ", "s", "ក", "?", "\u200b\u200b"])
def test_queries_shorter_than_two_characters_find_nothing(query):
    assert place_search(query=query) == []


def test_limit_caps_the_results_and_keeps_the_best():
    assert len(place_search(query="a", limit=5)) == 0
    assert len(place_search(query="ka", limit=3)) == 3
    assert place_search(query="siem reap", limit=1)[0].code == "17"
    assert place_search(query="siem reap", limit=0) == []


def test_unit_words_are_ignored_and_aliases_found():
    assert _first("ខេត្តសៀមរាប").code == "17"
    assert _first("Khan Sen Sok").code == "1208"
    assert _first("BKK").code == "1213"
    assert _first("Beung Keng Kang").code == "1213"


def test_like_wildcards_in_a_query_are_literal():
    assert place_search(query="%%") == []
    assert place_search(query="__") == []
