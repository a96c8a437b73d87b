"""Case deadlines in Cambodian working days (DOMAIN.md, Deadlines; README.md, Deadlines).

- The clock starts on the day a case reaches an office (opening, transfer, escalation, appeal):
  ``acknowledge_due`` and ``resolve_due`` are that day plus the working days of the most
  specific ``DeadlineRule`` for the case's kind and level.
- The acknowledgement deadline counts only while the case is ``received``; it is cleared when
  the case leaves that status. The resolution deadline counts while the case is open, except
  while it waits for the citizen: that time is added to it when the case resumes.
- A deadline is *overdue* once a whole working day has begun after it (the due day itself is
  allowed), so nothing becomes overdue or escalates on a weekend or holiday; it is *due soon*
  on the last working day before it and on the due day.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from ourvoice.cases.models import Case, CaseEvent, DeadlineRule, Status
from ourvoice.cases.workdays import add_working_days, is_working_day, working_days_between
from ourvoice.cases.workflow import OPEN_STATUSES

Step = DeadlineRule.Step
# Statuses in which each deadline counts (a case waiting for the citizen is not the office's delay).
ACKNOWLEDGE_STATUSES = frozenset({Status.RECEIVED})
RESOLVE_STATUSES = OPEN_STATUSES - {Status.WAITING}
DUE_SOON_WORKING_DAYS = 1


def _rules_working_days(*, kind: str, level: int, steps: list[str]) -> dict[str, int | None]:
    """Working days for each of ``steps`` from its most specific rule (None: no rule), in one query."""
    rules = DeadlineRule.objects.filter(
        Q(kind=kind) | Q(kind=""), Q(level=level) | Q(level__isnull=True), step__in=steps
    ).values_list("step", "kind", "level", "working_days")
    # Kind and level, kind only, level only, neither: False sorts before True.
    best = sorted(rules, key=lambda rule: (rule[1] == "", rule[2] is None), reverse=True)
    found: dict[str, int | None] = dict.fromkeys(steps)
    found.update({step: days for step, _kind, _level, days in best})  # the most specific last
    return found


def rule_working_days(*, kind: str, level: int, step: str) -> int | None:
    """Working days for ``step`` from the most specific rule; None when no rule applies."""
    return _rules_working_days(kind=kind, level=level, steps=[step])[step]


def deadlines_compute(*, kind: str, level: int, start: datetime.date) -> dict[str, datetime.date | None]:
    """The due dates of a case of ``kind`` that reached an office at ``level`` on ``start``."""
    steps = {Step.ACKNOWLEDGE: "acknowledge_due", Step.RESOLVE: "resolve_due"}
    days = _rules_working_days(kind=kind, level=level, steps=list(steps))
    return {
        field: None if (working_days := days[step]) is None else add_working_days(start, working_days)
        for step, field in steps.items()
    }


def deadlines_restart(*, case: Case, today: datetime.date | None = None) -> list[str]:
    """Restart both clocks at the case's current office and level; returns the fields to save."""
    start = today or timezone.localdate()
    for field, value in deadlines_compute(kind=case.feedback.kind, level=case.level, start=start).items():
        setattr(case, field, value)
    return ["acknowledge_due", "resolve_due"]


def deadlines_after_transition(*, case: Case, previous: str, today: datetime.date | None = None) -> list[str]:
    """Adjust deadlines after a status change (``case.status`` is already the new one).

    Leaving ``received`` clears the acknowledgement deadline; resuming from ``waiting`` moves the
    resolution deadline by the working days the case waited for the citizen.
    """
    today = today or timezone.localdate()
    fields = []
    if previous in ACKNOWLEDGE_STATUSES and case.status not in ACKNOWLEDGE_STATUSES and case.acknowledge_due:
        case.acknowledge_due = None
        fields.append("acknowledge_due")
    if previous == Status.WAITING and case.status != Status.WAITING and case.resolve_due:
        since = (
            CaseEvent.objects.filter(case=case, type=CaseEvent.Type.STATUS, to_status=Status.WAITING)
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        if since is not None:
            waited = working_days_between(timezone.localdate(since), today)
            if waited > 0:
                case.resolve_due = add_working_days(case.resolve_due, waited)
                fields.append("resolve_due")
    return fields


def is_overdue(due: datetime.date, today: datetime.date) -> bool:
    """True once a working day has begun after ``due``."""
    return working_days_between(due, today) >= 1


@dataclass(frozen=True)
class Deadline:
    step: str  # DeadlineRule.Step
    due: datetime.date
    overdue: bool
    due_soon: bool  # not overdue, and at most one working day left

    @property
    def label(self) -> str:
        return str(Step(self.step).label)


def deadline_for(case: Case, *, today: datetime.date | None = None) -> Deadline | None:
    """The deadline that counts now for ``case`` (acknowledgement first), or None."""
    today = today or timezone.localdate()
    if case.status in ACKNOWLEDGE_STATUSES and case.acknowledge_due:
        step, due = Step.ACKNOWLEDGE, case.acknowledge_due
    elif case.status in RESOLVE_STATUSES and case.resolve_due:
        step, due = Step.RESOLVE, case.resolve_due
    else:
        return None
    overdue = is_overdue(due, today)
    due_soon = not overdue and working_days_between(today, due) <= DUE_SOON_WORKING_DAYS
    return Deadline(step=step, due=due, overdue=overdue, due_soon=due_soon)


def last_working_day_before(today: datetime.date) -> datetime.date:
    """The latest due date that is overdue on ``today``: the working day before the last one begun."""
    day = today
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day - datetime.timedelta(days=1)


def overdue_q(*, today: datetime.date | None = None) -> Q:
    """Filter for cases whose current deadline is overdue on ``today`` (for lists and the task)."""
    cutoff = last_working_day_before(today or timezone.localdate())
    return Q(status__in=ACKNOWLEDGE_STATUSES, acknowledge_due__lte=cutoff) | Q(
        status__in=RESOLVE_STATUSES, resolve_due__lte=cutoff
    )


def due_soon_q(*, today: datetime.date | None = None) -> Q:
    """Filter for cases due within one working day of ``today`` and not yet overdue."""
    today = today or timezone.localdate()
    cutoff = last_working_day_before(today)
    until = add_working_days(today, DUE_SOON_WORKING_DAYS + 1)
    return Q(status__in=ACKNOWLEDGE_STATUSES, acknowledge_due__gt=cutoff, acknowledge_due__lt=until) | Q(
        status__in=RESOLVE_STATUSES, resolve_due__gt=cutoff, resolve_due__lt=until
    )
