"""Khmer/English search (docs KHMER.md) through the inbox page and ``case_search``."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import verified
from ourvoice.cases.selectors import case_search
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401

pytestmark = pytest.mark.django_db

WEEK_DA = "សប្ដាហ៍"  # coeng DA
WEEK_TA = "សប្តាហ៍"  # coeng TA: looks the same


def _found(client, query, tab="new"):
    page = client.get("/en/staff/cases/", {"tab": tab, "q": query})
    assert page.status_code == 200
    return [case.pk for case in page.context["page"].object_list]


@pytest.fixture
def office_client(area, staff):
    return client_for(staff(Role.OFFICE_STAFF, area.commune_office))


def test_khmer_word_found_however_typed(submit, office_client):
    case = submit(f"ខ្ញុំបានរង់ចាំអស់ពីរ{WEEK_DA}ហើយ")
    other = submit("ខ្ញុំចង់ដឹងពីថ្លៃសេវា")
    for query in (WEEK_DA, WEEK_TA, WEEK_TA + "\u200b", "ស\u200bប្ដាហ៍"):
        assert _found(office_client, query) == [case.pk], query
    assert _found(office_client, "រង់ចាំ") == [case.pk]  # a word inside a longer sentence
    assert other.pk not in _found(office_client, WEEK_TA)


def test_english_is_case_insensitive(submit, office_client):
    case = submit("The Birth Certificate is LATE again")
    assert _found(office_client, "birth certificate") == [case.pk]
    assert _found(office_client, "LATE") == [case.pk]
    assert _found(office_client, "passport") == []


def test_two_letter_khmer_word(submit, office_client):
    land = submit("ខ្ញុំចង់ទិញដីនៅភូមិ")
    submit("ខ្ញុំបានរង់ចាំយូរ")
    assert _found(office_client, "ដី") == [land.pk]


def test_word_hits_rank_before_substring_hits(submit, office_client):
    official = submit("សូមបង់ថ្លៃផ្លូវការនៅបញ្ជរ")  # "official" contains "road"
    road = submit("ផ្លូវខូចនៅភូមិយើង")  # "the road is broken"
    found = office_client.get("/en/staff/cases/", {"q": "ផ្លូវ"}).context["page"].object_list
    assert [c.pk for c in found] == [road.pk, official.pk]
    assert [c.word_hit for c in found] == [1, 0]  # ផ្លូវការ is no word hit for ផ្លូវ


def test_search_never_returns_invisible_cases(area, submit, staff):
    mine = submit("ផ្លូវខូច road")
    theirs = submit("ផ្លូវខូច road", office=area.other_commune_office)
    about = submit("ផ្លូវខូច road rude", category="staff-conduct")
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    client = client_for(user)
    assert _found(client, "ផ្លូវ") == [mine.pk]
    assert _found(client, "road") == [mine.pk]
    assert list(case_search(user=verified(user), query="road")) == [mine]
    assert theirs.pk and about.pk


def test_empty_or_punctuation_query_finds_nothing(submit, office_client):
    submit("ផ្លូវខូច")
    assert _found(office_client, "។ , !") == []


def test_case_search_gives_word_hits_newest_first_then_substring_hits(submit, office_client, area, staff):
    official = [submit(f"សូមបង់ថ្លៃផ្លូវការនៅបញ្ជរ {n}") for n in range(2)]  # substring hits only
    roads = [submit(f"ផ្លូវខូចនៅភូមិយើង {n}") for n in range(3)]  # word hits
    user = verified(staff(Role.OFFICE_STAFF, area.commune_office))
    found = case_search(user=user, query="ផ្លូវ", limit=4)
    assert found == [*reversed(roads), official[1]]
    assert [getattr(c, "word_hit", None) for c in found] == [1, 1, 1, 0]
    assert case_search(user=user, query="ផ្លូវ", limit=2) == [roads[2], roads[1]]
    assert case_search(user=user, query="ផ្លូវ") == [*reversed(roads), *reversed(official)]
    assert case_search(user=user, query="។") == []


def test_case_search_window_gives_the_same_answer(submit, area, staff, monkeypatch):
    # The newest-cases window (all of a small scope, or the word index after it) is a shortcut,
    # never a different answer.
    roads = [submit(f"ផ្លូវខូចនៅភូមិយើង {n}") for n in range(3)]
    submit("ខ្ញុំចង់ដឹងពីថ្លៃសេវា")
    user = verified(staff(Role.OFFICE_STAFF, area.commune_office))
    for window in (1, 2, 10, 2000):
        # Past the window: the scope read case by case (SCOPE_SCAN above the scope's size) or the
        # word index (below it).
        for scope_scan in (0, 3, 2000):
            monkeypatch.setattr("ourvoice.cases.selectors.SEARCH_WINDOW", window)
            monkeypatch.setattr("ourvoice.cases.selectors.SCOPE_SCAN", max(scope_scan, window))
            assert case_search(user=user, query="ផ្លូវ", limit=2) == [roads[2], roads[1]], window
            assert case_search(user=user, query="ផ្លូវ", limit=5) == [*reversed(roads)], window
            assert getattr(case_search(user=user, query="ថ្លៃសេវា", limit=5)[0], "word_hit", None) == 1


def test_a_reference_finds_its_case_and_only_a_visible_one(area, submit, office_client):
    """Staff quote a case by its reference (issue 15): typed in any case, it finds that case."""
    mine = submit("ផ្លូវខូច")
    submit("ផ្លូវខូច")
    theirs = submit("ផ្លូវខូច", office=area.other_commune_office)
    reference = mine.feedback.reference
    assert _found(office_client, reference) == [mine.pk]
    assert _found(office_client, f"  {reference.lower()} ") == [mine.pk]
    assert _found(office_client, theirs.feedback.reference) == []
    assert _found(office_client, mine.feedback.locator) == []  # no digit of the receipt finds anything
