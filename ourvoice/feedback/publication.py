"""What of the reports may be published (Open311 ``GET requests``): decided here, once.

Published, for anyone to read:
- the topic, the commune, the office handling the case now, the public status, the *dates* of
  submission and last change (never the time of day: SECURITY.md A3), the resolve-by date;
- what the citizen wrote (the description) only when the citizen agreed to it
  (``publication_consent``), asked on the form next to a preview of exactly these fields
  (SECURITY.md C6). Without consent the words are never published, whatever the topic.

Never published: sensitive reports (whatever their category says now), evaluations (single
ratings stay with the statistics: DOMAIN.md), complaints hidden from an office (about the office
or its staff, SECURITY.md C2) unless the citizen agreed to publication, and of every report the
receipt and its locator, contact details, profile, answers, fees, files and messages.

Dates are whole Cambodian days (Asia/Phnom_Penh): the list is filtered by the days of submission
and sorted by day, then by the random public id, so that no sequence of queries narrows a filing
time below the published date, nor tells which of a day's reports came first (SECURITY.md A3).
"""

import datetime
import zoneinfo

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate

from ourvoice.cases.models import Case, Status
from ourvoice.feedback.models import Feedback, Kind

# Open311 knows two statuses: "closed" means it has been resolved (or refused).
CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED, Status.REJECTED})
MAX_RESULTS = 1000
MAX_SPAN = datetime.timedelta(days=90)
# The published dates are Cambodian days, whatever TIME_ZONE the server runs with.
CAMBODIA = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def public_status(case: Case) -> str:
    return "closed" if case.status in CLOSED_STATUSES else "open"


def description_is_public(feedback: Feedback) -> bool:
    if feedback.purged_at is not None:
        return False  # removed after the retention period (retention.py): nothing to publish
    return feedback.publication_consent


def public_cases() -> QuerySet[Case]:
    """Every case that may be published, with what its representation reads."""
    return (
        Case.objects.filter(
            is_sensitive=False,
            feedback__is_sensitive=False,
            feedback__category__is_sensitive=False,
            feedback__public_id__isnull=False,
        )
        .exclude(feedback__kind=Kind.EVALUATION)
        .filter(Q(hidden_from__isnull=True) | Q(feedback__publication_consent=True))
        .select_related(
            "office", "feedback__category", "feedback__commune__district__province", "feedback__province"
        )
    )


def public_case(*, public_id: str) -> Case | None:
    return public_cases().filter(feedback__public_id=public_id).first()


def cambodian_day(moment: datetime.datetime) -> datetime.date:
    """The day ``moment`` falls on in Cambodia (an aware datetime; naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(CAMBODIA).date()


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in Cambodia."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=CAMBODIA)


def public_case_list(
    *,
    public_ids: list[str] | None = None,
    category_codes: list[str] | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    statuses: set[str] | None = None,
) -> list[Case]:
    """Public cases, newest day first, at most MAX_RESULTS.

    ``public_ids`` overrides every other filter (as Open311 says); otherwise the Cambodian day of
    submission lies in [first_day, last_day] - whole days, never a time of day - and the caller
    keeps that span within MAX_SPAN. Within a day the order is the random public id's.
    """
    cases = public_cases()
    if public_ids is not None:
        cases = cases.filter(feedback__public_id__in=public_ids)
    else:
        if category_codes:
            cases = cases.filter(feedback__category__code__in=category_codes)
        if first_day is not None:
            cases = cases.filter(feedback__submitted_at__gte=day_start(first_day))
        if last_day is not None:
            cases = cases.filter(feedback__submitted_at__lt=day_start(last_day + datetime.timedelta(days=1)))
        if statuses is not None:
            closed = Q(status__in=CLOSED_STATUSES)
            if statuses == {"open"}:
                cases = cases.exclude(closed)
            elif statuses == {"closed"}:
                cases = cases.filter(closed)
    day = TruncDate("feedback__submitted_at", tzinfo=CAMBODIA)
    return list(cases.annotate(public_day=day).order_by("-public_day", "feedback__public_id")[:MAX_RESULTS])
