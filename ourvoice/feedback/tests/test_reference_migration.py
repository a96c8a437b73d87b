"""Migrations feedback 0009-0011 and cases 0008: existing reports get a staff reference (in
batches, drawn again on a collision), and the internal notes that named a case by its locator
name its reference instead, with the append-only trigger back in place afterwards (issue 15)."""

import importlib
import itertools
import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("feedback", "0008_category_about_office_check"), ("cases", "0007_case_never_at_hidden_office")]
AFTER = [("feedback", "0011_reference_required"), ("cases", "0008_duplicate_notes_name_the_reference")]
fill = importlib.import_module("ourvoice.feedback.migrations.0010_reference_fill")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, the database ends at the latest migrations (the tests that
    run next in this process need them)."""
    yield
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_reports_get_a_reference_and_duplicate_notes_lose_the_locator(monkeypatch, back_to_latest):
    old = _migrate(BEFORE)
    Province, Office = old.get_model("geo", "Province"), old.get_model("offices", "Office")
    Category, Feedback = old.get_model("feedback", "Category"), old.get_model("feedback", "Feedback")
    Case, CaseEvent = old.get_model("cases", "Case"), old.get_model("cases", "CaseEvent")
    DuplicateLink = old.get_model("feedback", "DuplicateLink")
    province = Province.objects.create(code="17", type="province", name_km="សៀមរាប", name_en="Siem Reap")
    office = Office.objects.create(type="owsu", name_km="x", name_en="x", province=province)
    # Created here: a transactional test run before this one may have flushed the starter data.
    category = Category.objects.create(kind="complaint", code="migration-test", name_km="x", name_en="x")
    cases = []
    for n in range(7):
        feedback = Feedback.objects.create(
            locator=f"{n + 1:08d}", public_id=f"p{n}", secret_hash="x", kind="complaint", category=category,
            channel="web", office=office, province=province, description="d",
        )  # fmt: skip
        cases.append(Case.objects.create(feedback=feedback, office=office))
    first, second = cases[0], cases[1]
    DuplicateLink.objects.create(duplicate=second.feedback, original=first.feedback)
    CaseEvent.objects.create(case=second, type="note", reason="Marked as a duplicate of 00000001")
    CaseEvent.objects.create(
        case=first, type="note", reason="00000002 was marked as a duplicate of this case"
    )
    CaseEvent.objects.create(case=first, type="note", reason="Call 00000002 back")  # the linked case's too
    CaseEvent.objects.create(case=cases[2], type="note", reason="about 00000001")  # not a linked case: kept

    # Small batches, and the first references drawn are one another's and then an existing one's.
    draws = itertools.chain(["AAAA-AAAA", "AAAA-AAAA", "BBBB-BBBB", "AAAA-AAAA"], iter(fill._reference, None))
    monkeypatch.setattr(fill, "BATCH", 3)
    monkeypatch.setattr(fill, "_reference", lambda: next(draws))

    new = _migrate(AFTER)
    Feedback, CaseEvent = new.get_model("feedback", "Feedback"), new.get_model("cases", "CaseEvent")
    references = dict(Feedback.objects.values_list("locator", "reference"))
    assert len(set(references.values())) == 7
    assert all(re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", ref) for ref in references.values())
    reasons = set(CaseEvent.objects.filter(type="note").values_list("reason", flat=True))
    assert reasons == {
        f"Marked as a duplicate of {references['00000001']}",
        f"{references['00000002']} was marked as a duplicate of this case",
        f"Call {references['00000002']} back",
        "about 00000001",
    }
    # Events are append-only again.
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(type="note").update(reason="changed")
