"""Reports made through the real services, at chosen dates, for the analytics tests."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from ourvoice.accounts.tests.conftest import make_user  # noqa: F401 (a fixture, used by the tests)
from ourvoice.cases.models import Case
from ourvoice.cases.services import case_rate, case_transition
from ourvoice.feedback.services import feedback_submit

# A Monday in a month without Cambodian public holidays in its first weeks.
MONDAY = datetime.datetime(2026, 6, 1, 9, 0)


def at(day: datetime.datetime) -> Any:
    return time_machine.travel(timezone.make_aware(day), tick=False)


@pytest.fixture
def report(make_input: Callable[..., Any]) -> Callable[..., Case]:
    """Submit a report on ``when`` (default MONDAY) and return its case."""

    def make(when: datetime.datetime = MONDAY, **fields: Any) -> Case:
        with at(when):
            return feedback_submit(data=make_input(**fields)).case

    return make


def move(case: Case, status: str, when: datetime.datetime, reason: str = "") -> Case:
    with at(when):
        return case_transition(case=case, to_status=status, actor=None, reason=reason)


def rate(case: Case, score: int, when: datetime.datetime) -> None:
    with at(when):
        case_rate(case=case, score=score)
