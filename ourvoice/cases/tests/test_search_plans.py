"""Every plan of ``case_search`` gives the reference answer, for every role (issue 18 §2).

The reference reads every visible case one by one, newest first (a window holding the whole
scope), and finds substrings through the report join. The plans that answer at national scale -
the newest-cases window, the scope read case by case, the country's word index and, on PostgreSQL,
the handling office inside the search indexes - must give exactly its answer: the same cases, in
the same order, with the same word/substring marks. The data has transfers, escalations,
complaints about an office (hidden from it) and sensitive complaints, so that a report's handling
office differs from the office it was sent to.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import random
from contextlib import ExitStack
from typing import Any

import psycopg
import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import verified
from ourvoice.cases import search, selectors
from ourvoice.cases.escalation import case_escalate
from ourvoice.cases.handling import case_transfer
from ourvoice.cases.models import Case
from ourvoice.cases.selectors import case_search
from ourvoice.cases.tasks import build_search_indexes
from ourvoice.cases.tests.staff import staff, submit  # noqa: F401

pytestmark = pytest.mark.django_db

# Words and compounds that contain one another (ផ្លូវ "road" is inside ផ្លូវការ "official").
WORDS = ["ផ្លូវ", "ផ្លូវការ", "ថ្លៃសេវា", "សំបុត្រកំណើត", "road", "roads", "fee", "late"]
QUERIES = [*WORDS, "ផ្លូ", "oad", "សំបុត្រ", "ទឹកស្អាត", "absent", "FEE late"]
HUGE = 10**6


def handling_office_mismatches() -> int:
    """Reports whose stored handling office is not their case's office (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM cases_case c JOIN feedback_feedback f ON f.id = c.feedback_id"
            " WHERE f.handling_office_id IS DISTINCT FROM c.office_id"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def world(area: Any, submit: Any, staff: Any) -> list[Any]:
    """30 reports over three offices, some moved after they arrived; the users of every role."""
    rng = random.Random(18)
    offices = [area.commune_office, area.other_commune_office, area.owso]
    cases = []
    for n in range(30):
        description = " ".join(rng.sample(WORDS, rng.randint(1, 3))) + f" {n}"
        category, about = rng.choice(
            [("slow-service", False)] * 4
            + [("slow-service", True), ("staff-conduct", None), ("sexual-harassment", None)]
        )
        fields = {"about_office": about} if about is not None else {}
        cases.append(submit(description, category=category, office=rng.choice(offices), **fields))
    handler = staff(Role.OFFICE_STAFF, area.commune_office)
    for case in cases[::4]:
        case.refresh_from_db()
        if case.office_id == area.commune_office.pk and case.hidden_from_id is None:
            case_transfer(case=case, user=handler, office=area.other_commune_office, reason="Not ours")
    for case in cases[1::5]:
        case_escalate(case=Case.objects.get(pk=case.pk), reason="Overdue")
    return [
        verified(user)
        for user in (
            staff(Role.OFFICE_STAFF, area.commune_office),
            staff(Role.OFFICE_STAFF, area.commune_office, is_focal_point=True),
            staff(Role.OFFICE_HEAD, area.other_commune_office),
            staff(Role.OFFICE_HEAD, area.owso),
            staff(Role.OMBUDSMAN, area.district_ombudsman),
            staff(Role.OMBUDSMAN, area.provincial_ombudsman),
            staff(Role.PROVINCIAL_ADMIN, province=area.province),
            staff(Role.NATIONAL_OVERSIGHT, area.national),
            staff(Role.MONITOR),
        )
    ]


def _search(user: Any, query: str, limit: int, **plan: Any) -> list[tuple[int, int | None]]:
    with ExitStack() as stack:
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        for name, value in plan.items():
            patch.setattr(selectors, name, value)
        return [
            (case.pk, getattr(case, "word_hit", None))
            for case in case_search(user=user, query=query, limit=limit)
        ]


@pytest.mark.parametrize("office_trigrams", [True, False], ids=["office-trigram-index", "before-it-is-built"])
def test_every_plan_gives_the_reference_answer_for_every_role(
    world: list[Any], office_trigrams: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = []
    if connection.vendor == "postgresql":
        assert handling_office_mismatches() == 0  # kept through transfers and escalations
        assert search.office_trigram_index_ready()  # built by the migration
        if not office_trigrams:  # as after a restore, until the worker has built it
            monkeypatch.setattr(search, "office_trigram_index_ready", lambda: False)
        plan = search._office_trigram_match_ids

        def spied(key: str, office_ids: list[int]) -> list[int] | None:
            found = plan(key, office_ids)
            used.append(found is not None)
            return found

        monkeypatch.setattr(search, "_office_trigram_match_ids", spied)
    reference_plan = {"SEARCH_WINDOW": HUGE, "SCOPE_SCAN": HUGE, "scope_office_ids": lambda **_: None}
    answered = set()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        user=st.sampled_from(world),
        query=st.sampled_from(QUERIES),
        limit=st.integers(1, 8),
        window=st.sampled_from([1, 3, HUGE]),
        scope_scan=st.sampled_from([0, 5, HUGE]),
    )
    def same_answer(user: Any, query: str, limit: int, window: int, scope_scan: int) -> None:
        expected = _search(user, query, limit, **reference_plan)
        found = _search(user, query, limit, SEARCH_WINDOW=window, SCOPE_SCAN=max(window, scope_scan))
        assert found == expected, (user.role, query, limit, window, scope_scan)
        if expected:
            answered.add(user.role)

    same_answer()
    # The data lets most roles find something: the property is not about empty answers.
    assert len(answered) >= 5, answered
    if connection.vendor == "postgresql":  # the plan under test answered, or never did
        assert used and any(used) is office_trigrams, used


# Khmer letters, signs and the coeng (which joins letters into clusters), Latin, digits, blanks and
# punctuation: what pg_trgm counts as a word's letters and what splits words.
TEXT = st.text(st.sampled_from("កខគងចទនបមរលសហអាិីុូេៃោំះ្់៍ abcqz019-.,|:\n"), max_size=12)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
@settings(max_examples=300, deadline=None)
@given(before=TEXT, key=TEXT.filter(str.strip), after=TEXT)
def test_every_text_containing_a_key_has_the_trigrams_asked_for(before: str, key: str, after: str) -> None:
    """The office-and-trigram plan asks the index for reports having all these trigrams: a text
    that contains the key and lacks one of them would be a match the search never shows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm(%s)", [before + key + after])
        present = set(cursor.fetchone()[0])
    assert set(search.trigrams_of_any_text_containing(key)) <= present


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_the_worker_builds_the_office_trigram_index_once_when_it_is_missing(world: list[Any]) -> None:
    def answers() -> list[list[tuple[int, int | None]]]:
        return [_search(user, "ផ្លូ", 20) for user in world]

    before = answers()
    assert any(before)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {search.OFFICE_TRIGRAM_INDEX}")  # as a restore leaves it
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction: no pending checks
    assert not search.office_trigram_index_ready()
    assert answers() == before  # the same, by the multicolumn index
    with psycopg.connect(**connection.get_connection_params()) as other:  # another process building it
        other.execute(f"SELECT pg_advisory_lock({search.BUILD_LOCK})", [search.OFFICE_TRIGRAM_INDEX])
        assert build_search_indexes.call_local() is False
        # Released here: a closed connection's server process lets go of it a moment later.
        other.execute(f"SELECT pg_advisory_unlock({search.BUILD_LOCK})", [search.OFFICE_TRIGRAM_INDEX])
    assert not search.office_trigram_index_ready()
    assert build_search_indexes.call_local() is True
    assert search.office_trigram_index_ready()
    assert answers() == before
    assert build_search_indexes.call_local() is False  # there already: nothing to do
    # Its keys are the office and the trigram: each report is under the office handling its case.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM feedback_feedback WHERE handling_office_id IS NOT NULL"
            " AND NOT ourvoice_office_trigrams(handling_office_id, search_text) @>"
            " ARRAY[handling_office_id::text || ':' || (show_trgm(search_text))[1]]"
        )
        assert cursor.fetchone()[0] == 0
