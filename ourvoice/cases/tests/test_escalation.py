"""A missed deadline moves the case one level up the oversight chain, and says why."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from ourvoice.cases.escalation import CannotEscalate, case_escalate, case_escalate_if_overdue
from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.services import case_transition
from ourvoice.cases.tasks import escalate_overdue_cases
from ourvoice.cases.workdays import add_working_days
from ourvoice.feedback.models import Kind
from ourvoice.feedback.services import feedback_submit

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PHNOM_PENH)


@pytest.fixture
def friday_case(make_input) -> Case:
    """A complaint to the commune office on Friday 10 April 2026: acknowledge by Friday 17 April."""
    with time_machine.travel(at(2026, 4, 10), tick=False):
        return feedback_submit(data=make_input(Kind.COMPLAINT)).case


def test_the_clock_frozen_across_khmer_new_year_escalates_on_the_exact_day(friday_case, area):
    """Without holidays it would escalate on Wednesday 15 April; it escalates on Monday 20 April."""
    escalated_on = []
    day = date(2026, 4, 10)
    while day <= date(2026, 4, 24):
        for hour in (0, 8, 17):  # the task runs all day long, every 15 minutes in production
            with time_machine.travel(at(day.year, day.month, day.day, hour), tick=False):
                if escalate_overdue_cases.call_local():
                    escalated_on.append(timezone.localdate())
        day += timedelta(days=1)
    friday_case.refresh_from_db()
    # Once only: at the District Ombudsman the new deadline (Wednesday 22 April) is next missed,
    # and that escalation happens on Thursday 23 April.
    assert escalated_on == [date(2026, 4, 20), date(2026, 4, 23)]
    first, second = friday_case.events.filter(type=CaseEvent.Type.ESCALATED)
    assert first.office == area.district_ombudsman
    assert timezone.localdate(first.at) == date(2026, 4, 20)
    assert "2026-04-17" in first.reason
    assert second.office == area.provincial_ombudsman
    assert friday_case.office == area.provincial_ombudsman
    assert friday_case.level == 2
    assert friday_case.status == Status.RECEIVED
    assert friday_case.acknowledge_due == date(2026, 4, 27)


def test_escalation_restarts_the_deadlines_at_the_new_office(friday_case, area):
    with time_machine.travel(at(2026, 4, 20), tick=False):
        case = case_escalate_if_overdue(case_id=friday_case.pk)
    assert case is not None
    case.refresh_from_db()
    assert (case.office, case.level, case.assignee) == (area.district_ombudsman, 1, None)
    assert case.acknowledge_due == date(2026, 4, 22)
    assert case.resolve_due == add_working_days(date(2026, 4, 20), 15)


def test_running_twice_escalates_once(friday_case, area):
    assert case_escalate_if_overdue(case_id=friday_case.pk, today=date(2026, 4, 20)) is not None
    assert case_escalate_if_overdue(case_id=friday_case.pk, today=date(2026, 4, 20)) is None
    friday_case.refresh_from_db()
    assert friday_case.office == area.district_ombudsman
    assert friday_case.events.filter(type=CaseEvent.Type.ESCALATED).count() == 1


def test_a_case_acknowledged_in_time_is_escalated_only_when_resolution_is_overdue(friday_case, area):
    case = case_transition(case=friday_case, to_status=Status.ACKNOWLEDGED, actor=None)
    assert case_escalate_if_overdue(case_id=case.pk, today=date(2026, 4, 20)) is None
    # Resolution was due on Friday 8 May (15 working days); Monday 11 May it is overdue.
    assert case_escalate_if_overdue(case_id=case.pk, today=date(2026, 5, 8)) is None
    escalated = case_escalate_if_overdue(case_id=case.pk, today=date(2026, 5, 11))
    assert escalated is not None
    event = escalated.events.get(type=CaseEvent.Type.ESCALATED)
    assert "2026-05-08" in event.reason and event.from_status == Status.ACKNOWLEDGED


def test_nothing_is_above_national_oversight(friday_case, area):
    Case.objects.filter(pk=friday_case.pk).update(office=area.national, level=3)
    assert case_escalate_if_overdue(case_id=friday_case.pk, today=date(2026, 4, 20)) is None
    friday_case.refresh_from_db()
    assert friday_case.office == area.national
    with pytest.raises(CannotEscalate):
        case_escalate(case=friday_case, reason="test")


def test_a_closed_case_is_not_escalated(friday_case):
    case_transition(case=friday_case, to_status=Status.REJECTED, actor=None, reason="Not ours.")
    with pytest.raises(CannotEscalate):
        case_escalate(case=friday_case, reason="test")


def test_the_chain_goes_commune_district_provincial_national(friday_case, area):
    offices = []
    for _ in range(4):
        try:
            case = case_escalate(case=friday_case, reason="by hand")
        except CannotEscalate:
            break
        offices.append(case.office)
    assert offices == [area.district_ombudsman, area.provincial_ombudsman, area.national]


def test_the_command_escalates_overdue_cases(friday_case, area):
    out = StringIO()
    call_command("cases_escalate_overdue", "--date", "2026-04-17", stdout=out)
    assert "Escalated 0 case(s)." in out.getvalue()
    call_command("cases_escalate_overdue", "--date", "2026-04-20", stdout=out)
    assert "Escalated 1 case(s)." in out.getvalue()
    friday_case.refresh_from_db()
    assert friday_case.office == area.district_ombudsman


def test_escalation_skips_the_office_the_case_is_about(make_input, area):
    """A complaint about the District Ombudsman, sent down by its overseer to a commune office,
    goes back up to the Provincial Ombudsman, never through the District Ombudsman."""
    data = make_input(Kind.COMPLAINT, "staff-conduct", office=area.district_ombudsman)
    case = feedback_submit(data=data).case
    assert (case.office, case.hidden_from) == (area.provincial_ombudsman, area.district_ombudsman)
    Case.objects.filter(pk=case.pk).update(office=area.commune_office)
    case = case_escalate(case=case, reason="by hand")
    assert case.office == area.provincial_ombudsman
    assert case.events.latest("id").office == area.provincial_ombudsman
