"""The stored key format and query keys (no database)."""

from ourvoice.geo.search import build_search_text, query_keys


def test_search_text_holds_spaced_and_compact_keys_of_every_name_between_separators():
    text = build_search_text(["សៀមរាប", "Siem Reap", "Siem Reab"])
    assert text.startswith("|") and text.endswith("|")
    keys = text.strip("|").split("|")
    assert "siem reap" in keys and "siemreap" in keys and "siem reab" in keys and "siemreab" in keys
    assert len(keys) == len(set(keys))
    assert text == text.lower()


def test_search_text_folds_accents_and_khmer_look_alikes():
    assert "|kratie|" in build_search_text(["Kratié"])
    assert build_search_text(["កណ្ដាល"]) == build_search_text(["កណ្តាល"]) == build_search_text(["កណ្\u200bតាល"])


def test_search_text_never_contains_a_separator_inside_a_key():
    assert build_search_text(["a|b"]).count("|") == 3  # "|a b|ab|"


def test_queries_shorter_than_two_characters_have_no_keys():
    assert query_keys("") == []
    assert query_keys(" k ") == []
    assert query_keys("ក") == []
    assert query_keys("!!") == []
    assert query_keys("ka") == ["ka"]


def test_query_keys_are_spaced_and_compact_and_without_unit_words():
    assert query_keys("Siem  REAP") == ["siem reap", "siemreap"]
    assert "sen sok" in query_keys("Khan Sen Sok")
    assert "kampot" in query_keys("Kampot province")
    assert set(query_keys("ខេត្តសៀមរាប")) >= set(query_keys("សៀមរាប"))


def test_a_unit_word_alone_is_still_searched_for():
    assert query_keys("khan") == ["khan"]
