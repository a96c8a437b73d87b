"""Reads for the staff case pages. Every query starts from ``access.cases_visible_to``."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import Count, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import get_language

from ourvoice.accounts.access import AnyUser
from ourvoice.cases import search
from ourvoice.cases.access import cases_visible_to
from ourvoice.cases.deadlines import ACKNOWLEDGE_STATUSES, RESOLVE_STATUSES, due_soon_q, overdue_q
from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.workflow import FINAL_STATUSES
from ourvoice.feedback.models import Attachment, Question
from ourvoice.messaging.models import Message, ResponseTemplate

TABS = ("new", "mine", "waiting", "due_soon", "overdue", "closed")
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 300


def _with_deadline(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate ``deadline``: the one that counts now (as ``deadlines.deadline_for``)."""
    return cases.annotate(
        deadline=CaseWhen(
            When(status__in=ACKNOWLEDGE_STATUSES, then=F("acknowledge_due")),
            When(status__in=RESOLVE_STATUSES, then=F("resolve_due")),
            default=None,
            output_field=DateField(),
        )
    )


def _tab_conditions(*, user: AnyUser) -> dict[str, Q]:
    final = Q(status__in=FINAL_STATUSES)
    return {
        "new": Q(status=Status.RECEIVED, assignee__isnull=True),
        "mine": Q(assignee_id=getattr(user, "pk", None)) & ~final,
        "waiting": Q(status=Status.WAITING),
        "due_soon": due_soon_q(),
        "overdue": overdue_q(),
        "closed": final,
    }


def inbox_counts(*, user: AnyUser) -> dict[str, int]:
    """How many visible cases each tab holds, in one query."""
    cases = _with_deadline(cases_visible_to(user=user))
    conditions = _tab_conditions(user=user)
    counts = cases.aggregate(**{tab: Count("pk", filter=conditions[tab]) for tab in TABS})
    return {tab: counts[tab] for tab in TABS}


def inbox_list(*, user: AnyUser, tab: str, filters: dict[str, Any], query: str = "") -> QuerySet[Case]:
    """The rows of one inbox tab, filtered, newest first (word hits first when searching)."""
    cases = _with_deadline(cases_visible_to(user=user))
    cases = cases.filter(_tab_conditions(user=user).get(tab, Q(pk__in=[])))
    lookups = {
        "kind": "feedback__kind",
        "category": "feedback__category",
        "commune": "feedback__commune",
        "channel": "feedback__channel",
        "status": "status",
        "date_from": "created_at__date__gte",
        "date_to": "created_at__date__lte",
    }
    cases = cases.filter(
        **{lookups[k]: v for k, v in filters.items() if k in lookups and v not in (None, "")}
    )
    cases = cases.select_related("feedback__category", "feedback__commune", "office")
    if query:
        return _ranked(cases, query)
    return cases.order_by("-created_at", "-pk")


def _ranked(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    key, phrase = search.normalised_query(query)
    if not key:
        return cases.none()
    cases = search.feedback_matching(cases, key=key, phrase=phrase, prefix="feedback__")
    word_hit = CaseWhen(
        When(feedback_id__in=search.word_match_ids(phrase), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return cases.annotate(word_hit=word_hit).order_by("-word_hit", "-created_at", "-pk")


def case_search(*, user: AnyUser, query: str) -> QuerySet[Case]:
    """Visible cases whose report matches ``query``: whole-word hits first, then substrings."""
    cases = cases_visible_to(user=user).select_related("feedback__category", "office")
    return _ranked(cases, query)


@dataclass(frozen=True)
class Answer:
    label: str
    value: object


def case_answers(*, case: Case) -> list[Answer]:
    """The guided answers with their question labels, in the category's order."""
    khmer = (get_language() or "km").startswith("km")
    answers = case.feedback.answers if isinstance(case.feedback.answers, dict) else {}
    shown: list[Answer] = []
    for question in Question.objects.filter(category_id=case.feedback.category_id).order_by("order", "id"):
        if question.code not in answers:
            continue
        value = answers[question.code]
        for choice in question.choices if question.datatype == Question.Datatype.CHOICE else []:
            if str(choice.get("value")) == str(value):
                value = choice.get("km" if khmer else "en") or value
        shown.append(Answer(question.label_km if khmer else question.label_en, value))
    return shown


def case_events(*, case: Case) -> QuerySet[CaseEvent]:
    """The staff timeline: every event but the reads (those are in the audit log)."""
    return (
        case.events.exclude(type=CaseEvent.Type.READ).select_related("actor", "office").order_by("at", "id")
    )


def case_messages_for_staff(*, case: Case) -> QuerySet[Message]:
    return case.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "id")


def case_attachments(*, case: Case) -> QuerySet[Attachment]:
    return Attachment.objects.filter(feedback_id=case.feedback_id).order_by("id")


def case_attachment(*, case: Case, attachment_id: int) -> Attachment | None:
    return case_attachments(case=case).filter(pk=attachment_id).first()


def response_templates_for(*, case: Case) -> QuerySet[ResponseTemplate]:
    return ResponseTemplate.objects.filter(Q(office__isnull=True) | Q(office_id=case.office_id))


@dataclass(frozen=True)
class Similar:
    case: Case
    shared: int


def similar_cases(*, user: AnyUser, case: Case) -> list[Similar]:
    """Open visible cases of the same office and category sharing the most words with this one."""
    words = set(case.feedback.search_seg.split())
    if not words:
        return []
    candidates = (
        cases_visible_to(user=user)
        .filter(office_id=case.office_id, feedback__category_id=case.feedback.category_id)
        .exclude(status__in=FINAL_STATUSES)
        .exclude(pk=case.pk)
        .select_related("feedback")
        .only("pk", "status", "created_at", "feedback__locator", "feedback__search_seg")
        .order_by("-created_at")[:SIMILAR_CANDIDATES]
    )
    scored = [Similar(other, len(words & set(other.feedback.search_seg.split()))) for other in candidates]
    scored = [s for s in scored if s.shared]
    scored.sort(key=lambda s: (-s.shared, -s.case.created_at.timestamp()))
    return scored[:SIMILAR_LIMIT]
