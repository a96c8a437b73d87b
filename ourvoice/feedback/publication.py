"""What of the reports may be published (Open311 ``GET requests``): decided here, once.

Published, for anyone to read:
- the topic, the commune, the office handling the case now, the public status, the *dates* of
  submission and last change (never the time of day: SECURITY.md A3), the resolve-by date;
- the description, except for complaints about people (category ``about_people``) whose
  citizen did not agree to its publication (``publication_consent``).

Never published: sensitive reports (whatever their category says now), evaluations (single
ratings stay with the statistics: DOMAIN.md), complaints hidden from an office (about the office
or its staff, SECURITY.md C2) unless the citizen agreed to publication, and of every report the
receipt and its locator, contact details, profile, answers, fees, files and messages.
"""

import datetime

from django.db.models import Q, QuerySet

from ourvoice.cases.models import Case, Status
from ourvoice.feedback.models import Feedback, Kind

# Open311 knows two statuses: "closed" means it has been resolved (or refused).
CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED, Status.REJECTED})
MAX_RESULTS = 1000
MAX_SPAN = datetime.timedelta(days=90)


def public_status(case: Case) -> str:
    return "closed" if case.status in CLOSED_STATUSES else "open"


def description_is_public(feedback: Feedback) -> bool:
    if feedback.purged_at is not None:
        return False  # removed after the retention period (retention.py): nothing to publish
    return feedback.publication_consent or not feedback.category.about_people


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


def public_case_list(
    *,
    public_ids: list[str] | None = None,
    category_codes: list[str] | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    statuses: set[str] | None = None,
) -> list[Case]:
    """Public cases, newest first, at most MAX_RESULTS.

    ``public_ids`` overrides every other filter (as Open311 says); otherwise the submission date
    lies in [start, end] and the caller keeps that span within MAX_SPAN.
    """
    cases = public_cases()
    if public_ids is not None:
        cases = cases.filter(feedback__public_id__in=public_ids)
    else:
        if category_codes:
            cases = cases.filter(feedback__category__code__in=category_codes)
        if start is not None:
            cases = cases.filter(feedback__submitted_at__gte=start)
        if end is not None:
            cases = cases.filter(feedback__submitted_at__lte=end)
        if statuses is not None:
            closed = Q(status__in=CLOSED_STATUSES)
            if statuses == {"open"}:
                cases = cases.exclude(closed)
            elif statuses == {"closed"}:
                cases = cases.filter(closed)
    return list(cases.order_by("-feedback__submitted_at", "-pk")[:MAX_RESULTS])
