"""Migration cases 0011 on PostgreSQL: the reports' handling office, filled for the reports
written before it in batches without overwriting what the trigger wrote meanwhile, and the
search indexes that hold it, built again after an interruption; 0012's covering indexes and 0013's
office-and-trigram index."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from ourvoice.cases import search
from ourvoice.cases.search import handling_office_fill
from ourvoice.cases.tests.staff import submit  # noqa: F401

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
migration = importlib.import_module("ourvoice.cases.migrations.0011_search_by_handling_office")
EDITOR = SimpleNamespace(connection=connection)


def _handling_offices() -> dict[int, int | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, handling_office_id FROM feedback_feedback")
        return dict(cursor.fetchall())


def _set(feedback_id: int, office_id: int | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE feedback_feedback SET handling_office_id = %s WHERE id = %s", [office_id, feedback_id]
        )


@pytest.mark.django_db
def test_the_backfill_fills_every_report_written_before_and_keeps_the_triggers_values(
    submit: Any, area: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [submit(f"ផ្លូវខូច {n}", office=area.commune_office) for n in range(7)]
    assert _handling_offices() == {c.feedback_id: c.office_id for c in cases}  # the trigger, at INSERT
    for case in cases:
        _set(case.feedback_id, None)  # as before the migration
    # A transfer committed while the backfill ran: the trigger wrote the new office; the batch that
    # read the case before must not put the old one back.
    _set(cases[3].feedback_id, area.other_commune_office.pk)
    monkeypatch.setattr(migration, "BATCH", 2)  # several batches, the last one partial
    migration.backfill(None, EDITOR)
    expected = {c.feedback_id: c.office_id for c in cases} | {
        cases[3].feedback_id: area.other_commune_office.pk
    }
    assert _handling_offices() == expected
    handling_office_fill()  # the restore's one statement makes every report agree with its case
    assert _handling_offices() == {c.feedback_id: c.office_id for c in cases}


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'feedback_feedback'")
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_search_indexes_hold_the_office_and_are_built_again_after_an_interruption() -> None:
    indexes = _indexes()
    assert "(handling_office_id, search_vec)" in indexes["feedback_office_search_vec_gin"]
    assert "(handling_office_id, search_text gin_trgm_ops)" in indexes["feedback_office_search_text_trgm"]
    assert not set(migration.OLD_INDEXES) & set(indexes)  # replaced, not kept beside them
    # Run again after it stopped between its steps: what is there stays, what is missing is built.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX feedback_office_search_text_trgm")
    migration.build_new_indexes(None, EDITOR)
    migration.drop_old_indexes(None, EDITOR)
    assert _indexes() == indexes


@pytest.mark.django_db
def test_the_open_case_indexes_carry_the_columns_of_the_deadline_tabs() -> None:
    """Migration 0012: an inbox's deadline tab can be answered from the partial index alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indnkeyatts, i.indnatts, i.indisvalid, pg_get_expr(i.indpred, i.indrelid)"
            " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname IN ('case_open_newest', 'case_open_office_newest', 'case_open_newest_swap',"
            " 'case_open_office_newest_swap')"
        )
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    assert set(found) == {"case_open_newest", "case_open_office_newest"}
    assert found["case_open_newest"][:3] == (2, 9, True)  # created_at, id + office and the six
    assert found["case_open_office_newest"][:3] == (3, 9, True)
    assert all("resolved" in condition and "closed" not in condition for *_, condition in found.values())


@pytest.mark.django_db(transaction=True)
def test_the_office_trigram_index_is_built_again_after_an_interruption() -> None:
    """Migration 0013 run again after a concurrent build stopped half-way (an invalid index): it is
    dropped and built again, and the search then takes it."""
    office_trigrams = importlib.import_module("ourvoice.cases.migrations.0013_office_trigram_search")
    assert search.office_trigram_index_ready()
    with connection.cursor() as cursor:  # what an interrupted CREATE INDEX CONCURRENTLY leaves
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = %s::regclass",
            [search.OFFICE_TRIGRAM_INDEX],
        )
    assert not search.office_trigram_index_ready()
    office_trigrams.create(None, EDITOR)
    assert search.office_trigram_index_ready()
    assert 'COLLATE "C"' in _indexes()[search.OFFICE_TRIGRAM_INDEX]
