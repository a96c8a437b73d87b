"""Reads for the staff case pages. Every query starts from ``access.cases_visible_to``."""

import copy
import re
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case as CaseWhen
from django.db.models import DateField, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from ourvoice.accounts.access import AnyUser
from ourvoice.cases import search
from ourvoice.cases.access import can_see_files, cases_visible_to, reads_deidentified, scope_office_ids
from ourvoice.cases.deadlines import ACKNOWLEDGE_STATUSES, RESOLVE_STATUSES, due_soon_q, overdue_q
from ourvoice.cases.models import OPEN_CASE, Case, CaseEvent, Status
from ourvoice.cases.stamp import cases_stamp
from ourvoice.cases.workflow import FINAL_STATUSES
from ourvoice.catalogue.deidentify import strip_contact_details
from ourvoice.feedback.models import Attachment, Question
from ourvoice.messaging.models import Message, ResponseTemplate

TABS = ("new", "mine", "waiting", "due_soon", "overdue", "closed")
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 300
SEARCH_LIMIT = 20
# How many of the newest visible cases a search checks one by one before using the word index.
SEARCH_WINDOW = 2000
# Tab counts and the inbox's page count stop here (see ``inbox_counts``).
COUNT_CAP = 1000
# Cached tab counts are counted again after this long even when no case was written through the
# ORM (a write outside it, such as a data migration, does not bump the stamp).
COUNTS_SECONDS = 60
# A scope of at most this many cases is searched case by case after the window, not through the
# word index (about 10 µs a case on PostgreSQL: half a second at most).
SCOPE_SCAN = 50_000
# An inbox tab over at most this many offices is read office by office (``newest_first``).
OFFICE_BY_OFFICE = 50


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
        # OPEN_CASE adds nothing to the deadline conditions but lets PostgreSQL see that the
        # partial open-case indexes hold every match: it then walks an office's open cases newest
        # first in the index (migration 0012) instead of reading all of them from the table.
        "due_soon": OPEN_CASE & due_soon_q(),
        "overdue": OPEN_CASE & overdue_q(),
        "closed": final,
    }


def inbox_counts(*, user: AnyUser) -> dict[str, int]:
    """How many visible cases each tab holds, counted up to ``COUNT_CAP + 1``.

    Counted in one query, then kept in the cache while no case of the user's offices is written
    (``stamp.py``; for a province or the nation, only its time limit), the day does not change
    (the deadline tabs move with it) and for at most ``COUNTS_SECONDS``: staff moving between
    tabs and pages do not count them again (docs/performance.md).
    """
    scope = scope_office_ids(user=user)
    stamp = cases_stamp(scope)
    key = f"cases:tabs:{getattr(user, 'pk', None)}:{timezone.localdate().isoformat()}:{stamp}"
    counts = cache.get(key)
    if counts is None:
        counts = _inbox_counts(user=user)
        cache.set(key, counts, COUNTS_SECONDS)
    return dict(counts)


def _inbox_counts(*, user: AnyUser) -> dict[str, int]:
    """The tab counts, each stopping after ``COUNT_CAP + 1`` rows: over millions of cases an exact
    count of every tab costs seconds (the national scope counts the whole country); a tab with
    more than ``COUNT_CAP`` says "1000+" (docs/performance.md)."""
    cases = _with_deadline(cases_visible_to(user=user)).order_by()
    conditions = _tab_conditions(user=user)
    parts: list[str] = []
    params: list[Any] = []
    for tab in TABS:
        limited = cases.filter(conditions[tab]).values("pk")[: COUNT_CAP + 1]
        try:
            sql, tab_params = limited.query.sql_with_params()
        except EmptyResultSet:
            # An empty scope (a system administrator reads no case) compiles to no SQL at all.
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS {tab}_rows)")  # noqa: S608 (compiled by Django)
        params.extend(tab_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(TABS, row, strict=True))


_REFERENCE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")


def inbox_list(*, user: AnyUser, tab: str, filters: dict[str, Any], query: str = "") -> QuerySet[Case]:
    """The rows of one inbox tab, filtered, newest first (word hits first when searching)."""
    cases = _with_deadline(cases_visible_to(user=user))
    cases = cases.filter(_tab_conditions(user=user).get(tab, Q(pk__in=[])))
    lookups = {
        "kind": "feedback__kind",
        "category": "feedback__category",
        "province": "feedback__province",
        "commune": "feedback__commune",
        "channel": "feedback__channel",
        "status": "status",
        "date_from": "created_at__date__gte",
        "date_to": "created_at__date__lte",
    }
    cases = cases.filter(
        **{lookups[k]: v for k, v in filters.items() if k in lookups and v not in (None, "")}
    )
    cases = cases.only("pk")  # the page's rows come from ``inbox_page`` (one query for 50 rows)
    if query:
        # A case's reference, as staff read it to each other ("KM7Q-4XPA"), finds that case.
        reference = query.strip().upper()
        found = cases.filter(feedback__reference=reference)
        if _REFERENCE.fullmatch(reference) and found.exists():
            return found.order_by("-created_at", "-pk")
        return _ranked(cases, query)
    return cases.order_by("-created_at", "-pk")


# A stand-in office id no office has (ids are positive; small enough for any integer column, which
# Django would otherwise compile to "no rows"), replaced by each office's in ``newest_first``'s SQL.
_ANY_OFFICE = -32_123


def newest_first(cases: QuerySet[Case], *, offices: list[int] | None, start: int, stop: int) -> list[Case]:
    """Cases ``start`` to ``stop`` of ``cases`` (an inbox tab, newest first), chosen: with only
    their ids, as ``inbox_page`` loads them.

    Over a few offices (``offices``: an ombudsman's subtree) on PostgreSQL, each office's newest
    ``stop`` cases are read through its own (office, created_at) index and the lists merged: the
    country's newest-first index, filtered to an ombudsman's 7 offices, read 86,000 cases to find
    the 50 newest closed ones (25 ms over 10 million cases; docs/performance.md). Otherwise, and
    for a search (``offices`` None: its own order), the queryset is sliced as it is. The same rows
    in the same order either way (``tests/test_inbox.py``).
    """
    if connection.vendor != "postgresql" or offices is None or not 2 <= len(offices) <= OFFICE_BY_OFFICE:
        return list(cases[start:stop])
    ordered = cases.order_by("-created_at", "-pk").values_list("created_at", "pk")
    # One office's query is compiled once and repeated with each office's id in its place:
    # compiling it per office cost a 7-office page several milliseconds of ORM time.
    try:
        sql, template = ordered.filter(office_id=_ANY_OFFICE)[:stop].query.sql_with_params()
    except EmptyResultSet:  # a condition that holds for no case (an unknown tab)
        return []
    params: list[Any] = []
    for office in offices:
        params.extend(office if value == _ANY_OFFICE else value for value in template)
    merged = (
        f"SELECT u.id FROM ({' UNION ALL '.join([f'({sql})'] * len(offices))}) AS u (created_at, id)"  # noqa: S608 (Django's SQL; values are parameters)
        " ORDER BY u.created_at DESC, u.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(merged, [*params, stop - start, start])
        return [Case(pk=row[0]) for row in cursor.fetchall()]


def inbox_page(*, chosen: list[Case]) -> list[Case]:
    """The cases of one inbox page, as ``inbox_list`` chose and ordered them, loaded with what
    their rows show (and a search's ``word_hit``). Apart from choosing them: ordering a whole tab
    joined with every report's row cost national oversight 400 ms for the 13,000 cases due soon
    (docs/performance.md)."""
    cases = (
        _with_deadline(Case.objects.filter(pk__in=[case.pk for case in chosen]))
        .select_related("feedback__category", "feedback__commune")
        .only(
            *("pk", "status", "created_at", "acknowledge_due", "resolve_due"),
            *("feedback__reference", "feedback__kind", "feedback__channel"),
            *("feedback__category__name_km", "feedback__category__name_en"),
            *("feedback__commune__name_km", "feedback__commune__name_en"),
        )
    )
    by_id = {case.pk: case for case in cases}
    page = []
    for case in chosen:
        if (loaded := by_id.get(case.pk)) is not None:
            if hasattr(case, "word_hit"):
                loaded.word_hit = case.word_hit  # type: ignore[attr-defined]
            page.append(loaded)
    return page


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


def case_search(*, user: AnyUser, query: str, limit: int = SEARCH_LIMIT) -> list[Case]:
    """The first ``limit`` visible cases whose report matches ``query``: whole-word hits first
    (``word_hit`` 1), then substring hits (0), each newest first.

    Two queries rather than one ranked over every match: a frequent word matches millions of
    reports, and ranking them all to keep 20 costs seconds, while "the newest 20 word hits" can
    be found among the newest cases (docs/performance.md). Substring hits are only
    looked for when there are fewer than ``limit`` word hits (then all of them are known).
    """
    key, phrase = search.normalised_query(query)
    if not key:
        return []
    cases = cases_visible_to(user=user).select_related("feedback__category", "office")
    newest = ("-created_at", "-pk")
    # A common word is found among the newest cases: look there first, case by case (exact: any
    # newer hit would be in the window too). Unless the window held the whole scope, look further:
    # case by case in a scope of up to SCOPE_SCAN cases, else through the word index.
    window = cases.order_by(*newest).values("pk")[:SEARCH_WINDOW]
    found = list(
        cases.filter(pk__in=window).filter(search.case_row_matches(phrase)).order_by(*newest)[:limit]
    )

    def scope_holds_at_most(n: int) -> bool:
        return cases.order_by().values("pk")[: n + 1].count() <= n

    # A few offices (an office, an ombudsman's subtree) on PostgreSQL: the search indexes hold each
    # report's handling office, so one index scan per office intersects it with the word, however
    # often the rest of the country uses that word. The ids are a superset of the visible matches
    # (the visible cases are at these offices): intersecting them with ``cases`` is exact.
    offices = scope_office_ids(user=user) if connection.vendor == "postgresql" else None
    if len(found) < limit and not scope_holds_at_most(SEARCH_WINDOW):
        if offices is not None:
            matches = cases.filter(feedback_id__in=search.word_match_ids_at(phrase, offices))
        elif scope_holds_at_most(SCOPE_SCAN):
            # Read the whole scope case by case: bounded by its size. The word index first collects
            # the matches of the whole country: for a word the scope lacks but the country holds
            # 250,000 times, an office head waited 1.5-4 s (docs/performance.md).
            matches = cases.filter(search.case_row_matches(phrase))
        else:
            matches = cases.filter(feedback_id__in=search.word_match_ids(phrase))
        found = list(matches.order_by(*newest)[:limit])
    for case in found:
        case.word_hit = 1  # type: ignore[attr-defined]
    if len(found) < limit:
        if offices is not None:
            substring = cases.filter(feedback_id__in=search.substring_match_ids_at(key, offices))
        else:
            substring = cases.filter(feedback__search_text__contains=key)
        substring = substring.exclude(pk__in=[c.pk for c in found])
        for case in substring.order_by(*newest)[: limit - len(found)]:
            case.word_hit = 0  # type: ignore[attr-defined]
            found.append(case)
    return found


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


@dataclass(frozen=True)
class CaseContent:
    """What the case page shows of the citizen's words and the handling history."""

    deidentified: bool
    description: str
    answers: list[Answer]
    events: list[CaseEvent]
    messages: list[Message]
    attachments: list[Attachment]


def case_content(*, user: AnyUser, case: Case) -> CaseContent:
    """The case's content as ``user`` may read it: whole for the staff who see the case;
    de-identified for independent monitors (access.py): phone numbers, e-mail addresses and
    Telegram names in the description, answers, notes, reasons and messages replaced by […],
    and no file. The copies are for showing only: nothing here is saved."""
    answers = case_answers(case=case)
    events = list(case_events(case=case))
    messages = list(case_messages_for_staff(case=case))
    attachments = list(case_attachments(case=case)) if can_see_files(user=user, case=case) else []
    if not reads_deidentified(user=user):
        return CaseContent(False, case.feedback.description, answers, events, messages, attachments)

    def scrubbed(obj: Any, field: str) -> Any:
        obj = copy.copy(obj)
        setattr(obj, field, strip_contact_details(getattr(obj, field) or ""))
        return obj

    return CaseContent(
        True,
        strip_contact_details(case.feedback.description),
        [
            replace(a, value=strip_contact_details(a.value)) if isinstance(a.value, str) else a
            for a in answers
        ],
        [scrubbed(event, "reason") for event in events],
        [scrubbed(message, "body") for message in messages],
        [],
    )


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
        .only("pk", "status", "created_at", "feedback__reference", "feedback__search_seg")
        .order_by("-created_at")[:SIMILAR_CANDIDATES]
    )
    scored = [Similar(other, len(words & set(other.feedback.search_seg.split()))) for other in candidates]
    scored = [s for s in scored if s.shared]
    scored.sort(key=lambda s: (-s.shared, -s.case.created_at.timestamp()))
    return scored[:SIMILAR_LIMIT]
