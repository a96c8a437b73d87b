"""Escalation: a case whose deadline passed moves one level up the oversight chain.

commune or OWSO → District Ombudsman → Provincial Ombudsman → national oversight; nothing is
above national oversight, where an overdue case stays and its office is told it is overdue.
These are the case services for escalation (kept in their own module beside ``services.py``);
the periodic task and the ``cases_escalate_overdue`` command only call
``cases_escalate_overdue``.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ourvoice.accounts.models import User
from ourvoice.cases.deadlines import Deadline, deadline_for, overdue_q
from ourvoice.cases.models import Case, CaseEvent, DeadlineRule
from ourvoice.cases.routing import next_level
from ourvoice.cases.services import _move
from ourvoice.cases.signals import case_escalated
from ourvoice.cases.workflow import FINAL_STATUSES

logger = logging.getLogger(__name__)


class CannotEscalate(Exception):
    """The case is closed, or nothing is above its office (or only the office it is hidden from)."""


def overdue_reason(deadline: Deadline) -> str:
    if deadline.step == DeadlineRule.Step.ACKNOWLEDGE:
        text = _("Acknowledgement overdue since %(date)s (the deadline at the previous office).")
    else:
        text = _("Resolution overdue since %(date)s (the deadline at the previous office).")
    return text % {"date": deadline.due.isoformat()}


@transaction.atomic
def case_escalate(
    *, case: Case, reason: str, actor: User | None = None, today: datetime.date | None = None
) -> Case:
    """Move ``case`` one level up the oversight chain, with an ESCALATED event giving ``reason``.

    Deadlines restart at the new office and its staff are notified (after commit). Raises
    ``CannotEscalate`` for a closed or rejected case and at the top of the chain.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case.pk)
    if case.status in FINAL_STATUSES:
        raise CannotEscalate(_("A closed case cannot be escalated."))
    # next_level skips the office the case is hidden from; the check below is a second lock.
    target = next_level(case.office, hidden_from_id=case.hidden_from_id)
    if target is None or target.pk == case.hidden_from_id:
        raise CannotEscalate(_("There is no office above this one to escalate to."))
    moved = _move(
        case=case, office=target, type=CaseEvent.Type.ESCALATED, actor=actor, reason=reason, today=today
    )
    case_escalated.send(sender=Case, case=moved, level=moved.level)  # ops counts it (metrics)
    return moved


@transaction.atomic
def case_escalate_if_overdue(*, case_id: int, today: datetime.date | None = None) -> Case | None:
    """Escalate the case if, with its row locked, its current deadline is still overdue.

    Safe to run twice and beside staff work: a case acknowledged, answered or already escalated
    in the meantime is no longer overdue and is left alone. At the top of the chain the office is
    told the case is overdue instead (once per due date). Returns the case if it moved.
    """
    from ourvoice.notifications.services import notifications_create_overdue

    today = today or timezone.localdate()
    case = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case_id)
    deadline = deadline_for(case, today=today)
    if deadline is None or not deadline.overdue:
        return None
    try:
        return case_escalate(case=case, reason=overdue_reason(deadline), today=today)
    except CannotEscalate:
        due = deadline.due
        transaction.on_commit(lambda: notifications_create_overdue(case_id=case_id, due=due))
        return None


def overdue_case_ids(*, today: datetime.date | None = None) -> list[int]:
    """Ids of open cases whose current deadline is overdue on ``today``."""
    return list(Case.objects.filter(overdue_q(today=today)).order_by("pk").values_list("pk", flat=True))


def cases_escalate_overdue(*, today: datetime.date | None = None) -> list[int]:
    """Escalate every overdue case, each in its own transaction; returns the ids that moved.

    One failing case is logged and does not stop the others; the next run tries it again.
    """
    today = today or timezone.localdate()
    moved = []
    for case_id in overdue_case_ids(today=today):
        try:
            if case_escalate_if_overdue(case_id=case_id, today=today) is not None:
                moved.append(case_id)
        except Exception:
            logger.exception("Could not escalate case %s; will retry.", case_id)
    return moved
