"""Reads for citizens: categories, and what a receipt shows (status, timeline, messages)."""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.workflow import FINAL_STATUSES
from ourvoice.feedback.models import Attachment, Category, Feedback
from ourvoice.feedback.optins import optins_count, optins_exist
from ourvoice.messaging.models import Message

# What the citizen's timeline shows: internal notes, staff reads and routing details stay out.
CITIZEN_EVENT_TYPES = frozenset(
    {
        CaseEvent.Type.SUBMITTED,
        CaseEvent.Type.STATUS,
        CaseEvent.Type.TRANSFERRED,
        CaseEvent.Type.ESCALATED,
        CaseEvent.Type.APPEALED,
        CaseEvent.Type.RATED,
        CaseEvent.Type.MESSAGE_FROM_OFFICE,
        CaseEvent.Type.MESSAGE_FROM_CITIZEN,
    }
)


def category_list(*, kind: str | None = None) -> QuerySet[Category]:
    categories = Category.objects.filter(is_active=True).prefetch_related("questions")
    return categories.filter(kind=kind) if kind else categories


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    type: str
    to_status: str
    reason: str


def case_timeline(*, case: Case) -> list[TimelineEntry]:
    """Public events in order; dates only are shown to citizens (not the second)."""
    events = case.events.filter(public=True, type__in=CITIZEN_EVENT_TYPES).order_by("at", "id")
    return [TimelineEntry(at=e.at, type=e.type, to_status=e.to_status, reason=e.reason) for e in events]


def case_messages(*, case: Case) -> QuerySet[Message]:
    return case.messages.order_by("created_at", "id").prefetch_related("attachments")


def case_can_be_rated(*, case: Case) -> bool:
    if case.feedback.purged_at is not None:
        return False  # the content an appeal would need is gone (retention.py)
    return case.status in FINAL_STATUSES and not case.ratings.filter(level=case.level).exists()


def feedback_contact_kept(*, feedback: Feedback) -> bool:
    """Whether the report keeps contact details or opt-ins to updates that can be withdrawn."""
    if feedback.contact_consent or feedback.contact_ciphertext:
        return True
    return optins_exist(feedback_id=feedback.pk)


# --- Retention (retention.py, SECURITY.md C5) --------------------------------------------------
# Statuses whose content expires; the period counts from the last status change or message.
RETENTION_STATUSES = (Status.CLOSED, Status.REJECTED, Status.RESOLVED)
_SETTLING_EVENTS = ~Q(to_status="") | Q(
    type__in=[CaseEvent.Type.MESSAGE_FROM_CITIZEN, CaseEvent.Type.MESSAGE_FROM_OFFICE]
)


def retention_cutoff(*, now: datetime) -> datetime:
    return now - dt.timedelta(days=settings.RETENTION_DAYS)


def expired_cases(*, now: datetime) -> QuerySet[Case]:
    """Cases whose content is due for removal at ``now`` (not purged yet): closed, rejected or
    resolved, with no status change or message for ``RETENTION_DAYS``."""
    settled_at = CaseEvent.objects.filter(_SETTLING_EVENTS, case=OuterRef("pk")).order_by("-at", "-id")
    return (
        Case.objects.filter(status__in=RETENTION_STATUSES, feedback__purged_at__isnull=True)
        .annotate(settled_at=Subquery(settled_at.values("at")[:1]))
        .filter(settled_at__lt=retention_cutoff(now=now))
    )


def expired_counts(*, now: datetime) -> dict[str, int]:
    """What a purge at ``now`` would remove (``feedback_purge_expired --dry-run``)."""
    cases = expired_cases(now=now)
    ids = cases.values("pk")
    with_contact = Q(feedback__contact_consent=True) | Q(feedback__contact_ciphertext__isnull=False)
    return {
        "reports": cases.count(),
        "files": Attachment.objects.filter(feedback__case__in=ids).count(),
        "messages": Message.objects.filter(case__in=ids).exclude(body="").count(),
        "contacts": cases.filter(with_contact).count(),
        "opt_ins": optins_count(case_ids=ids),
    }
