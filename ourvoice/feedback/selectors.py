"""Reads for citizens: categories, and what a receipt shows (status, timeline, messages)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.workflow import FINAL_STATUSES
from ourvoice.feedback.models import Category
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
    return case.status in FINAL_STATUSES and not case.ratings.filter(level=case.level).exists()
