"""Migration 0006: open complaints sitting at the office they accuse move to its overseer, with a
public event saying why, and that office's staff lose sight of them (issue 15).

The cases are made as they were before the fix (at the accused office, hidden from nobody) and
the migration's function is run on them, as ``migrate`` would.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps

from ourvoice.accounts.models import Role
from ourvoice.cases.deadlines import deadlines_compute
from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.notifications.models import Notification

pytestmark = pytest.mark.django_db
MIGRATION = import_module("ourvoice.cases.migrations.0006_move_complaints_about_their_office")
MONDAY = datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)


def _as_before_the_fix(case: Case, *, office, status: str = Status.RECEIVED, **fields) -> Case:
    Case.objects.filter(pk=case.pk).update(office=office, hidden_from=None, status=status, **fields)
    case.refresh_from_db()
    return case


def test_open_complaints_at_the_accused_office_move_to_its_overseer(area, submit, staff):
    clerk = staff(Role.OFFICE_STAFF, area.commune_office)
    ombudsman = staff(Role.OMBUDSMAN, area.district_ombudsman)
    fee = _as_before_the_fix(
        submit("They asked for 20,000 riel.", category="unofficial-fee"),
        office=area.commune_office,
        status=Status.IN_PROGRESS,
        assignee=clerk,
    )
    closed = _as_before_the_fix(
        submit("Asked for money.", category="unofficial-fee"),
        office=area.commune_office,
        status=Status.CLOSED,
    )
    elsewhere = _as_before_the_fix(
        submit("Rude clerk.", category="staff-conduct"), office=area.other_commune_office
    )
    ordinary = submit("Slow birth certificate.")
    sensitive = submit("He harassed me.", category="sexual-harassment")
    before = {c.pk: c.events.count() for c in (closed, ordinary, sensitive)}
    assert client_for(clerk).get(f"/en/staff/cases/{fee.pk}/").status_code == 200  # the finding

    with time_machine.travel(MONDAY, tick=False):
        MIGRATION.forward(apps, None)

    fee.refresh_from_db()
    assert (fee.office, fee.hidden_from, fee.status, fee.assignee) == (
        area.district_ombudsman,
        area.commune_office,
        Status.RECEIVED,
        None,
    )
    # New deadlines at the new office, from the day of the migration.
    due = deadlines_compute(kind="complaint", level=fee.level, start=datetime.date(2026, 6, 1))
    assert (fee.acknowledge_due, fee.resolve_due) == (due["acknowledge_due"], due["resolve_due"])
    assert fee.acknowledge_due is not None
    assert fee.updated_at == MONDAY
    event = fee.events.latest("id")
    assert (event.type, event.public, event.office, event.from_status, event.to_status) == (
        CaseEvent.Type.TRANSFERRED,
        True,
        area.district_ombudsman,
        Status.IN_PROGRESS,
        Status.RECEIVED,
    )
    assert "oversees that office" in event.reason and "ការិយាល័យ" in event.reason
    assert list(Notification.objects.filter(case=fee).values_list("recipient", "kind")) == [
        (ombudsman.pk, Notification.Kind.NEW_CASE)
    ]
    assert client_for(clerk).get(f"/en/staff/cases/{fee.pk}/").status_code == 404
    assert client_for(ombudsman).get(f"/en/staff/cases/{fee.pk}/").status_code == 200
    # Transferred before: hidden from the accused office, an internal note, left where it is.
    elsewhere.refresh_from_db()
    assert (elsewhere.office, elsewhere.hidden_from) == (area.other_commune_office, area.commune_office)
    note = elsewhere.events.latest("id")
    assert (note.type, note.public) == (CaseEvent.Type.NOTE, False)
    # Finished ones, ordinary complaints and cases already routed are not touched.
    for case in (closed, ordinary, sensitive):
        old = (case.office_id, case.hidden_from_id, case.status)
        case.refresh_from_db()
        assert (case.office_id, case.hidden_from_id, case.status) == old
        assert case.events.count() == before[case.pk]

    # Safe to run again: nothing is left to move.
    events = CaseEvent.objects.count()
    MIGRATION.forward(apps, None)
    assert CaseEvent.objects.count() == events


def test_batches_cover_every_case(area, submit, monkeypatch):
    monkeypatch.setattr(MIGRATION, "BATCH", 2)
    cases = [
        _as_before_the_fix(submit(f"Fee {n}.", category="unofficial-fee"), office=area.commune_office)
        for n in range(5)
    ]
    MIGRATION.forward(apps, None)
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("office", flat=True)) == {
        area.district_ombudsman.pk
    }
