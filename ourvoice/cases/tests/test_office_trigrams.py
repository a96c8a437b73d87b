"""The trigram index keyed by office (migration cases 0012, PostgreSQL): its query finds every
report a plain substring test finds (``trigrams_of_any_text_containing`` never asks for a trigram
a containing text lacks), and PostgreSQL can answer it from that index."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.cases.search import substring_match_ids_at, trigrams_of_any_text_containing
from ourvoice.cases.tests.staff import submit  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index"),
]

# Latin (with the glue letters q and z, and capitals pg_trgm folds), digits, Khmer letters and
# signs (coeng, vowels, bantoc, which show_trgm reads as parts of words), spaces and punctuation.
ALPHABET = [*"aqzQZb19 .-", "ក", "ា", "រ", "្", "ប", "ទ", "់", "ុ", "ំ", "។"]


def show_trgm(text: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm(%s)", [text])
        return set(cursor.fetchone()[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=24), data=st.data())
def test_a_text_containing_the_key_has_every_trigram_asked_for(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    key = text[start : data.draw(st.integers(start + 1, len(text)))]
    assert set(trigrams_of_any_text_containing(key)) <= show_trgm(text), key


def test_a_long_enough_key_is_narrowed_by_its_trigrams() -> None:
    # Not an empty set for every key (which the property above would allow): the index is used.
    assert len(trigrams_of_any_text_containing("ទារប្រាក់")) >= 5
    assert trigrams_of_any_text_containing("ab") == []


def test_an_office_search_is_answered_from_the_office_trigram_index(area, submit) -> None:
    case = submit("ផ្លូវការ ទារប្រាក់ 7", office=area.commune_office)
    submit("ផ្លូវការ ទារប្រាក់ 8", office=area.other_commune_office)
    with CaptureQueriesContext(connection) as queries:
        found = substring_match_ids_at("ទារប្រា", [area.commune_office.pk])
    assert found == [case.feedback_id]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "feedback_office_trigrams" in plan, plan
