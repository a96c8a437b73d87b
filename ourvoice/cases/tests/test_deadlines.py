"""Deadlines are data, counted in Cambodian working days from the day a case reaches an office."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ourvoice.cases.deadlines import deadline_for, deadlines_compute, due_soon_q, overdue_q, rule_working_days
from ourvoice.cases.models import Case, DeadlineRule, Status
from ourvoice.cases.services import case_appeal, case_transition
from ourvoice.feedback.models import Kind
from ourvoice.feedback.services import feedback_submit

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
Step = DeadlineRule.Step


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PHNOM_PENH)


def submit_on(moment: datetime, make_input, kind: str = Kind.COMPLAINT) -> Case:
    with time_machine.travel(moment, tick=False):
        return feedback_submit(data=make_input(kind)).case


@pytest.mark.django_db
def test_the_seeded_rules_are_those_of_the_issue():
    expected = {
        (Kind.COMPLAINT, Step.ACKNOWLEDGE): 2,
        (Kind.SUPPORT, Step.ACKNOWLEDGE): 2,
        (Kind.INFORMATION, Step.ACKNOWLEDGE): 2,
        (Kind.INFORMATION, Step.RESOLVE): 5,
        (Kind.SUPPORT, Step.RESOLVE): 10,
        (Kind.COMPLAINT, Step.RESOLVE): 15,
    }
    for (kind, step), days in expected.items():
        assert rule_working_days(kind=kind, level=0, step=step) == days
        assert rule_working_days(kind=kind, level=3, step=step) == days
    # Evaluations are scorecards: nobody owes the citizen an answer, so no deadline.
    assert rule_working_days(kind=Kind.EVALUATION, level=0, step=Step.ACKNOWLEDGE) is None
    assert rule_working_days(kind=Kind.EVALUATION, level=0, step=Step.RESOLVE) is None


@pytest.mark.django_db
def test_the_most_specific_rule_wins():
    DeadlineRule.objects.create(kind="", level=None, step=Step.RESOLVE, working_days=30)
    DeadlineRule.objects.create(kind="", level=1, step=Step.RESOLVE, working_days=25)
    DeadlineRule.objects.create(kind=Kind.COMPLAINT, level=1, step=Step.RESOLVE, working_days=20)
    assert rule_working_days(kind=Kind.COMPLAINT, level=1, step=Step.RESOLVE) == 20  # kind and level
    assert rule_working_days(kind=Kind.COMPLAINT, level=0, step=Step.RESOLVE) == 15  # kind (seeded)
    assert rule_working_days(kind=Kind.EVALUATION, level=1, step=Step.RESOLVE) == 25  # level
    assert rule_working_days(kind=Kind.EVALUATION, level=0, step=Step.RESOLVE) == 30  # any


@pytest.mark.django_db
def test_an_administrators_change_applies_to_the_next_case():
    DeadlineRule.objects.filter(kind=Kind.INFORMATION, step=Step.RESOLVE).update(working_days=3)
    due = deadlines_compute(kind=Kind.INFORMATION, level=0, start=date(2026, 4, 10))
    # Mon 13, (14-16 Khmer New Year), Fri 17, Mon 20.
    assert due == {"acknowledge_due": date(2026, 4, 17), "resolve_due": date(2026, 4, 20)}


@pytest.mark.parametrize(
    ("kind", "acknowledge", "resolve"),
    [
        # Friday 10 April 2026: the weekend and Khmer New Year (14-16 April) do not count.
        # 5: 13, 17, 20, 21, 22 April.
        (Kind.INFORMATION, date(2026, 4, 17), date(2026, 4, 22)),
        # 10: ... 23, 24, 27, 28, 29 April.
        (Kind.SUPPORT, date(2026, 4, 17), date(2026, 4, 29)),
        # 15: ... 30 April, 4, 6, 7, 8 May (1 May Labour Day, 5 May Royal Ploughing Ceremony).
        (Kind.COMPLAINT, date(2026, 4, 17), date(2026, 5, 8)),
        (Kind.EVALUATION, None, None),
    ],
)
def test_a_new_case_gets_its_due_dates_when_it_is_opened(make_input, kind, acknowledge, resolve):
    case = submit_on(at(2026, 4, 10), make_input, kind)
    case.refresh_from_db()
    assert (case.acknowledge_due, case.resolve_due) == (acknowledge, resolve)


def test_a_late_evening_report_counts_from_its_day_in_phnom_penh(make_input):
    # 23:30 in Phnom Penh is 16:30 UTC: the same local day, Friday.
    case = submit_on(at(2026, 4, 10, 23), make_input, Kind.INFORMATION)
    assert case.acknowledge_due == date(2026, 4, 17)


def test_acknowledging_clears_the_acknowledgement_deadline(make_input):
    case = submit_on(at(2026, 4, 10), make_input)
    case = case_transition(case=case, to_status=Status.ACKNOWLEDGED, actor=None)
    case.refresh_from_db()
    assert case.acknowledge_due is None
    assert case.resolve_due == date(2026, 5, 8)
    deadline = deadline_for(case, today=date(2026, 4, 13))
    assert deadline is not None and deadline.step == Step.RESOLVE


def test_time_spent_waiting_for_the_citizen_is_added_to_the_resolution_deadline(make_input):
    case = submit_on(at(2026, 4, 10), make_input, Kind.INFORMATION)  # resolve by Wed 22 April
    with time_machine.travel(at(2026, 4, 13), tick=False):
        case = case_transition(case=case, to_status=Status.WAITING, actor=None)
    with time_machine.travel(at(2026, 4, 20), tick=False):  # the citizen answers 2 working days later
        case = case_transition(case=case, to_status=Status.IN_PROGRESS, actor=None)
    case.refresh_from_db()
    assert case.resolve_due == date(2026, 4, 24)


def test_a_case_waiting_for_the_citizen_is_never_overdue(make_input):
    case = submit_on(at(2026, 4, 10), make_input, Kind.INFORMATION)
    case = case_transition(case=case, to_status=Status.WAITING, actor=None)
    assert deadline_for(case, today=date(2026, 6, 1)) is None
    assert not Case.objects.filter(overdue_q(today=date(2026, 6, 1))).exists()


def test_an_appeal_restarts_the_clock_at_the_next_level(make_input):
    DeadlineRule.objects.create(kind=Kind.COMPLAINT, level=1, step=Step.RESOLVE, working_days=20)
    case = submit_on(at(2026, 4, 10), make_input)
    with time_machine.travel(at(2026, 4, 20), tick=False):
        appealed = case_appeal(case=case, reason="test")
    assert appealed is not None
    case = appealed
    case.refresh_from_db()
    assert case.level == 1
    assert case.acknowledge_due == date(2026, 4, 22)
    assert case.resolve_due == date(2026, 5, 21)  # 20 working days: 1, 5 and 14 May are holidays


@pytest.mark.parametrize(
    ("today", "overdue", "due_soon"),
    [
        (date(2026, 4, 10), False, False),  # acknowledge by Friday 17 April
        (date(2026, 4, 13), False, True),  # Khmer New Year follows: Friday is the next working day
        (date(2026, 4, 15), False, True),
        (date(2026, 4, 17), False, True),  # the due day itself is allowed
        (date(2026, 4, 18), False, True),  # Saturday: no working day has begun since
        (date(2026, 4, 19), False, True),
        (date(2026, 4, 20), True, False),  # Monday: overdue
    ],
)
def test_deadline_for_says_when_a_case_is_due_soon_or_overdue(make_input, today, overdue, due_soon):
    case = submit_on(at(2026, 4, 10), make_input)
    deadline = deadline_for(case, today=today)
    assert deadline is not None
    assert (deadline.step, deadline.due) == (Step.ACKNOWLEDGE, date(2026, 4, 17))
    assert (deadline.overdue, deadline.due_soon) == (overdue, due_soon)
    # The queryset filters the inbox uses agree with deadline_for.
    assert Case.objects.filter(overdue_q(today=today)).exists() == overdue
    assert Case.objects.filter(due_soon_q(today=today)).exists() == due_soon


def test_closed_cases_have_no_deadline(make_input):
    case = submit_on(at(2026, 4, 10), make_input)
    case = case_transition(case=case, to_status=Status.REJECTED, actor=None, reason="Not ours.")
    assert deadline_for(case, today=date(2026, 6, 1)) is None
    assert not Case.objects.filter(overdue_q(today=date(2026, 6, 1))).exists()
