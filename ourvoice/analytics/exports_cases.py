"""The de-identified case list: which roles may export it, which cases, which columns.

- **Roles**: office head, ombudsman, provincial administration, national oversight, independent
  monitors (civil society, nationwide; the list has no free text, so nothing to de-identify). Not office
  staff (they work cases one by one in the inbox), and not system administrators, who read no
  case at all (cases/access.py).
- **Cases**: only through ``cases_visible_to`` (office scope, ``hidden_from``, sensitive cases
  for focal points and national oversight only), narrowed by the dashboard's filters.
- **Columns**: the service by its catalogue name in the export's language ("another service",
  never its typed text); no free text (description, answers, messages, reasons), no contact, no receipt or
  locator, no attachment, no respondent profile (gender, age, disability: one row is one person,
  and in a small place they would identify the reporter; the dashboards give them as suppressed
  aggregates), and the month of submission, never the day.
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.accounts.access import AnyUser, user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.analytics.exports import month_text
from ourvoice.analytics.exports_files import Cell
from ourvoice.analytics.models import OVERCHARGE_BOUNDS, Level
from ourvoice.analytics.partition import month_bounds
from ourvoice.analytics.scope import Filters
from ourvoice.cases.access import cases_visible_to
from ourvoice.cases.models import Case, CaseEvent, Rating, Status
from ourvoice.cases.workdays import working_days_between
from ourvoice.feedback.models import Channel, Kind

CASE_LIST_ROLES = frozenset(
    {Role.OFFICE_HEAD, Role.OMBUDSMAN, Role.PROVINCIAL_ADMIN, Role.NATIONAL_OVERSIGHT, Role.MONITOR}
)
FINISHED = (Status.RESOLVED, Status.CLOSED, Status.REJECTED)
CHUNK = 500


def may_export_cases(*, user: AnyUser) -> bool:
    return isinstance(user, User) and user_is_verified(user) and user.role in CASE_LIST_ROLES


def case_list(*, user: AnyUser, filters: Filters) -> QuerySet[Case]:
    """The cases of the list: those ``user`` may see, inside the filtered area, kind and months."""
    if not may_export_cases(user=user):
        return Case.objects.none()
    since, _end = month_bounds(filters.start)
    _start, until = month_bounds(filters.end)
    cases = cases_visible_to(user=user).filter(
        feedback__submitted_at__gte=since, feedback__submitted_at__lt=until
    )
    area = filters.area
    if area.level == Level.PROVINCE:
        cases = cases.filter(feedback__province_id=area.id)
    elif area.level == Level.DISTRICT:
        cases = cases.filter(feedback__district_id=area.id)
    elif area.level == Level.OFFICE:
        cases = cases.filter(office_id=int(area.id))
    if filters.kind:
        cases = cases.filter(feedback__kind=filters.kind)
    if filters.category is not None:
        cases = cases.filter(feedback__category_id=filters.category)
    return cases.order_by("feedback__submitted_at", "pk")


def case_list_header() -> list[str]:
    return [
        _("Public id"),
        _("Kind"),
        _("Category"),
        _("Channel"),
        _("Office"),
        _("Province"),
        _("District"),
        _("Month submitted"),
        _("Status"),
        _("Working days to acknowledge"),
        _("Working days to resolve"),
        _("Rating (1-5)"),
        _("Service"),
        _("Overcharge (riel)"),
    ]


def overcharge_band(amount: int | None) -> str:
    """The overcharge as a band of OVERCHARGE_BOUNDS ("1,001-2,000"), never the exact amount."""
    if amount is None:
        return ""
    if amount <= 0:
        return "0"
    low = 1
    for high in OVERCHARGE_BOUNDS:
        if amount <= high:
            return f"{low:,}-{high:,}"
        low = high + 1
    return f"> {OVERCHARGE_BOUNDS[-1]:,}"


def _milestones(case_ids: list[int]) -> dict[int, dict[str, datetime.date]]:
    """The local day each case first left "received" and first finished."""
    found: dict[int, dict[str, datetime.date]] = {}
    events = (
        CaseEvent.objects.filter(case_id__in=case_ids, type=CaseEvent.Type.STATUS)
        .order_by("at", "id")
        .values_list("case_id", "from_status", "to_status", "at")
    )
    for case_id, from_status, to_status, at in events:
        days = found.setdefault(case_id, {})
        if from_status == Status.RECEIVED:
            days.setdefault("acknowledged", timezone.localdate(at))
        if to_status in FINISHED:
            days.setdefault("finished", timezone.localdate(at))
    return found


def _ratings(case_ids: list[int]) -> dict[int, int]:
    """The latest rating of each case (the one at the highest level)."""
    scores: dict[int, int] = {}
    for case_id, score in (
        Rating.objects.filter(case_id__in=case_ids).order_by("level").values_list("case_id", "score")
    ):
        scores[case_id] = score
    return scores


FIELDS = (
    "pk",
    "status",
    "feedback__public_id",
    "feedback__kind",
    "feedback__category__name_km",
    "feedback__category__name_en",
    "feedback__channel",
    "office__name_km",
    "office__name_en",
    "feedback__province__name_km",
    "feedback__province__name_en",
    "feedback__district__name_km",
    "feedback__district__name_en",
    "feedback__submitted_at",
    "feedback__service__name_km",
    "feedback__service__name_en",
    "feedback__service_name",  # read only to say "another service": its text is never exported
    "feedback__overcharge",
)


def _row(values: dict[str, Any], milestones: dict[str, datetime.date], rating: int | None) -> list[Cell]:
    suffix = "km" if (get_language() or "km").startswith("km") else "en"
    submitted = timezone.localdate(values["feedback__submitted_at"])
    acknowledged, finished = milestones.get("acknowledged"), milestones.get("finished")
    return [
        values["feedback__public_id"] or "",
        str(Kind(values["feedback__kind"]).label) if values["feedback__kind"] in Kind.values else "",
        values[f"feedback__category__name_{suffix}"],
        str(Channel(values["feedback__channel"]).label)
        if values["feedback__channel"] in Channel.values
        else "",
        values[f"office__name_{suffix}"],
        values[f"feedback__province__name_{suffix}"],
        values[f"feedback__district__name_{suffix}"] or "",
        month_text(submitted),
        str(Status(values["status"]).label) if values["status"] in Status.values else "",
        None if acknowledged is None else working_days_between(submitted, acknowledged),
        None if finished is None else working_days_between(submitted, finished),
        rating,
        values[f"feedback__service__name_{suffix}"]
        or (_("Another service") if values["feedback__service_name"] else ""),
        overcharge_band(values["feedback__overcharge"]),
    ]


def case_list_rows(cases: QuerySet[Case]) -> Iterator[list[Cell]]:
    """The rows of ``cases``, a chunk of ``CHUNK`` cases at a time (a few queries per chunk)."""
    ids = list(cases.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        milestones, ratings = _milestones(chunk), _ratings(chunk)
        rows = Case.objects.filter(pk__in=chunk).order_by("feedback__submitted_at", "pk").values(*FIELDS)
        for values in rows:
            yield _row(values, milestones.get(values["pk"], {}), ratings.get(values["pk"]))
