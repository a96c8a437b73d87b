"""Writes on cases. A case's status and office change only here (ARCHITECTURE.md rule 5)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ourvoice.accounts.models import User
from ourvoice.cases.deadlines import deadlines_after_transition, deadlines_compute, deadlines_restart
from ourvoice.cases.models import Case, CaseEvent, Rating, Status
from ourvoice.cases.routing import Route, next_level
from ourvoice.cases.signals import case_rated, case_status_changed
from ourvoice.cases.workflow import FINAL_STATUSES, NEEDS_REASON, check_transition
from ourvoice.feedback.models import Feedback
from ourvoice.notifications.tasks import notify_case_event
from ourvoice.offices.models import Office

APPEAL_SCORES = frozenset({1, 2})


def _event(
    *,
    case: Case,
    type: str,
    actor: User | None = None,
    from_status: str = "",
    to_status: str = "",
    office: Office | None = None,
    reason: str = "",
    public: bool = True,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        type=type,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        office=office,
        reason=reason,
        public=public,
    )


def case_open(*, feedback: Feedback, route: Route) -> Case:
    """Open the case of a new report at the office routing chose; called inside the submit."""
    case = Case.objects.create(
        feedback=feedback,
        office=route.office,
        hidden_from=route.hidden_from,
        is_sensitive=feedback.is_sensitive,
        created_at=feedback.submitted_at,
        updated_at=feedback.submitted_at,
        **deadlines_compute(kind=feedback.kind, level=0, start=timezone.localdate(feedback.submitted_at)),
    )
    # One INSERT for both (a query less in every submission; CaseEvent has no save() or signals).
    _submitted, routed = CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, type=CaseEvent.Type.SUBMITTED, to_status=Status.RECEIVED),
            CaseEvent(case=case, type=CaseEvent.Type.ROUTED, office=route.office),
        ]
    )
    notify_case_event(event=routed)
    if route.unoverseen:
        # Nothing in the platform is above national oversight (cases/README.md): say so in the
        # case, in Khmer and English (the note is stored once and read by staff of either).
        text = gettext_noop(
            "This complaint is about national oversight itself. No office in Our Voice oversees "
            "it, so it stays here, where every national oversight account (the civil-society "
            "partner included) can see it."
        )
        reason = "\n".join(_in(language, text) for language in ("km", "en"))
        _event(case=case, type=CaseEvent.Type.NOTE, public=False, reason=reason)
    return case


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return _(text)


@transaction.atomic
def case_transition(*, case: Case, to_status: str, actor: User | None, reason: str = "") -> Case:
    """Move a case to another status, if the workflow allows it; raises IllegalTransition."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_transition(case.status, to_status)
    if to_status in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Say why: the citizen will see the reason.")})
    previous = case.status
    case.status = to_status
    case.updated_at = timezone.now()
    deadline_fields = deadlines_after_transition(case=case, previous=previous)
    case.save(update_fields=["status", "updated_at", *deadline_fields])
    _event(
        case=case,
        type=CaseEvent.Type.STATUS,
        actor=actor,
        from_status=previous,
        to_status=to_status,
        reason=reason.strip(),
    )
    case_status_changed.send(sender=Case, case=case)  # channels tell citizens who opted in, after commit
    return case


def _move(
    *,
    case: Case,
    office: Office,
    type: str,
    actor: User | None,
    reason: str,
    today: datetime.date | None = None,
) -> Case:
    """Move a locked case to ``office``: it starts there as received, with new deadlines.

    Transfers, escalations (``escalation.case_escalate``) and appeals all go through here, so the
    clock restarts and the new office's staff are notified whichever way a case arrives.
    """
    previous = case.status
    case.office = office
    case.level += 1 if type in (CaseEvent.Type.ESCALATED, CaseEvent.Type.APPEALED) else 0
    case.status = Status.RECEIVED
    case.assignee = None
    case.updated_at = timezone.now()
    deadline_fields = deadlines_restart(case=case, today=today)
    case.save(update_fields=["office", "level", "status", "assignee", "updated_at", *deadline_fields])
    event = _event(
        case=case,
        type=type,
        actor=actor,
        from_status=previous,
        to_status=Status.RECEIVED,
        office=office,
        reason=reason,
    )
    notify_case_event(event=event)
    return case


@transaction.atomic
def case_appeal(*, case: Case, reason: str = "") -> Case | None:
    """Reopen a case one level up the oversight chain with its history; None at the top."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    target = next_level(case.office, hidden_from_id=case.hidden_from_id)
    if target is None or target.pk == case.hidden_from_id:
        return None
    return _move(case=case, office=target, type=CaseEvent.Type.APPEALED, actor=None, reason=reason)


@transaction.atomic
def case_rate(*, case: Case, score: int) -> Rating:
    """The citizen rates the outcome of a closed case; 1 or 2 opens an appeal."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in FINAL_STATUSES:
        raise ValidationError({"score": _("You can rate the outcome once the case is closed.")})
    if case.feedback.purged_at is not None:  # retention: an appeal would find nothing to review
        raise ValidationError({"score": _("This case's content was removed after the retention period.")})
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")})
    if Rating.objects.filter(case=case, level=case.level).exists():
        raise ValidationError({"score": _("You have already rated this outcome.")})
    rating = Rating.objects.create(case=case, office=case.office, level=case.level, score=score)
    _event(case=case, type=CaseEvent.Type.RATED, public=True)
    if score in APPEAL_SCORES:
        case_appeal(case=case, reason=_("The citizen was not satisfied with the outcome."))
    case_rated.send(sender=Case, case=case, rating=rating)
    return rating
