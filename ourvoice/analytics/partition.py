"""The measures of one partition (reports of one province in one local month), from the raw tables.

Python does the arithmetic because the rules are Python's: working days on the Cambodian calendar
(``cases/workdays.py``) and the deadline rules (``cases/deadlines.py``). At 10 million reports over
three years a partition holds about 11,000 reports on average, and Phnom Penh's busiest month
about 74,000 (docs/performance.md has the times).

Attribution (README.md): a report counts in its own province and district; at office level the
case's measures go to the office handling it now, and a rating to the office it rated.
"""

import datetime
import zoneinfo
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ourvoice.analytics.models import (
    ACK_DAY_BOUNDS,
    ACK_HIST,
    MEASURES,
    OTHER_SERVICE,
    OVERCHARGE_BOUNDS,
    OVERCHARGE_HIST,
    RESOLVE_DAY_BOUNDS,
    RESOLVE_HIST,
    SCORE_CODES,
    Level,
    Split,
)
from ourvoice.cases.deadlines import ACKNOWLEDGE_STATUSES, RESOLVE_STATUSES, rule_working_days
from ourvoice.cases.models import CaseEvent, DeadlineRule, Rating, Status
from ourvoice.cases.workdays import add_working_days, working_days_between
from ourvoice.cases.workflow import OPEN_STATUSES
from ourvoice.feedback.models import Feedback

ID_SLICE = 5000
FINISHED = frozenset({Status.RESOLVED, Status.CLOSED, Status.REJECTED})
Key = tuple[str, str, datetime.date, str, int, str, str]  # level, area, month, kind, category, split, value


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware start and end of a local calendar month."""
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start, timezone.make_aware(datetime.datetime(following.year, following.month, 1))


@lru_cache(maxsize=1)
def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_day(moment: datetime.datetime) -> datetime.date:
    """The Cambodian date of an aware moment (``timezone.localdate`` costs ten times more, and a
    partition converts hundreds of thousands of them)."""
    return moment.astimezone(_zone()).date()


def month_of(moment: datetime.datetime) -> datetime.date:
    return local_day(moment).replace(day=1)


@lru_cache(maxsize=65536)
def _working_days(a: datetime.date, b: datetime.date) -> int:
    return working_days_between(a, b)


@lru_cache(maxsize=65536)
def _due(start: datetime.date, days: int) -> datetime.date:
    return add_working_days(start, days)


@dataclass
class _Case:
    feedback: tuple[Any, ...]
    first_left_received: datetime.date | None = None
    finished: datetime.date | None = None
    escalated: bool = False
    appealed: bool = False
    ratings: list[tuple[int, int]] = field(default_factory=list)  # (office id, score)


FEEDBACK_FIELDS = (
    "kind",
    "category_id",
    "channel",
    "gender",
    "age_band",
    "disability",
    "district_id",
    "submitted_at",
    "official_fee",
    "amount_paid",
    "overcharge",
    "scores",
    "service__code",  # the catalogue service's code: one service, one group (issue 16)
    "case__id",
    "case__office_id",
    "case__status",
    "case__acknowledge_due",
    "case__resolve_due",
    "service_name",  # "another service": its text is never a group (OTHER_SERVICE)
)


def _cases(reports: QuerySet[Feedback]) -> dict[int, _Case]:
    cases = {
        row[13]: _Case(feedback=row)
        # Not newest first: any order does, and sorting costs. Not through a server-side cursor
        # either: every row is kept in ``cases`` anyway, and such a cursor costs a round trip per
        # chunk and a copy of the whole result.
        for row in reports.filter(case__isnull=False).order_by().values_list(*FEEDBACK_FIELDS)
    }
    if not cases:
        return cases
    # By case ids, a slice at a time: a join with the reports' query makes PostgreSQL scan every
    # event of the country for each partition.
    ids = sorted(cases)
    slices = [ids[i : i + ID_SLICE] for i in range(0, len(ids), ID_SLICE)]
    events = (
        row
        for part in slices
        for row in CaseEvent.objects.filter(
            case_id__in=part,
            type__in=[CaseEvent.Type.STATUS, CaseEvent.Type.ESCALATED, CaseEvent.Type.APPEALED],
        )
        .order_by("case_id", "at", "id")
        .values_list("case_id", "type", "from_status", "to_status", "at")
    )
    for case_id, type_, from_status, to_status, at in events:
        case = cases.get(case_id)
        if case is None:
            continue
        if type_ == CaseEvent.Type.ESCALATED:
            case.escalated = True
        elif type_ == CaseEvent.Type.APPEALED:
            case.appealed = True
        else:
            day = local_day(at)
            if case.first_left_received is None and from_status == Status.RECEIVED:
                case.first_left_received = day
            if case.finished is None and to_status in FINISHED:
                case.finished = day
    for part in slices:
        ratings = Rating.objects.filter(case_id__in=part).values_list("case_id", "office_id", "score")
        for case_id, office_id, score in ratings:
            cases[case_id].ratings.append((office_id, score))
    return cases


def _bucket(bounds: tuple[int, ...], value: int) -> int:
    return bisect_left(bounds, value)


class _Rules:
    """Working days allowed at the first office, per kind (the on-time yardstick)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], int | None] = {}

    def days(self, kind: str, step: str) -> int | None:
        if (kind, step) not in self._cache:
            self._cache[(kind, step)] = rule_working_days(kind=kind, level=0, step=step)
        return self._cache[(kind, step)]


def _case_measures(case: _Case, rules: _Rules, today: datetime.date) -> dict[str, int]:
    (
        kind,
        _c,
        _ch,
        _g,
        _a,
        _d,
        _di,
        submitted_at,
        fee,
        paid,
        overcharge,
        scores,
        _s,
        _id,
        _o,
        status,
        ack_due,
        resolve_due,
        _other_service,
    ) = case.feedback
    submitted = local_day(submitted_at)
    m: dict[str, int] = defaultdict(int)
    m["reports"] = 1
    for step, finished_on, hist, bounds, prefix in (
        (DeadlineRule.Step.ACKNOWLEDGE, case.first_left_received, ACK_HIST, ACK_DAY_BOUNDS, "ack"),
        (DeadlineRule.Step.RESOLVE, case.finished, RESOLVE_HIST, RESOLVE_DAY_BOUNDS, "resolve"),
    ):
        allowed = rules.days(kind, step)
        if finished_on is not None:
            took = _working_days(submitted, finished_on)
            m["acknowledged" if prefix == "ack" else "resolved"] = 1
            m[hist[_bucket(bounds, took)]] = 1
            if allowed is not None:
                m[f"{prefix}_decided"] = 1
                m[f"{prefix}_on_time"] = int(took <= allowed)
        elif allowed is not None and _working_days(_due(submitted, allowed), today) >= 1:
            m[f"{prefix}_decided"] = 1  # late and still not done
    if status in OPEN_STATUSES:
        m["open_now"] = 1
        due = (
            ack_due if status in ACKNOWLEDGE_STATUSES else resolve_due if status in RESOLVE_STATUSES else None
        )
        m["overdue_now"] = int(due is not None and _working_days(due, today) >= 1)
    m["escalated"] = int(case.escalated)
    m["appealed"] = int(case.appealed)
    if fee is not None and paid is not None:
        m["fee_reports"] = 1
        if overcharge:
            m["overcharged"] = 1
            m[OVERCHARGE_HIST[_bucket(OVERCHARGE_BOUNDS, overcharge)]] = 1
    if isinstance(scores, dict):
        for code in SCORE_CODES:
            score = scores.get(code)
            if isinstance(score, int) and 1 <= score <= 5:
                m[f"score_{code}_n"] = 1
                m[f"score_{code}_sum"] = score
                m[f"score_{code}_sumsq"] = score * score
    return m


def _rating_measures(score: int) -> dict[str, int]:
    return {"rating_n": 1, "rating_sum": score, "rating_sumsq": score * score}


def _splits(row: tuple[Any, ...], measures: dict[str, int]) -> Iterator[tuple[str, str]]:
    _k, _c, channel, gender, age_band, disability, *_rest = row
    yield Split.NONE, ""
    yield Split.GENDER, gender
    yield Split.AGE_BAND, age_band
    yield Split.DISABILITY, disability
    yield Split.CHANNEL, channel
    service = row[12] or (OTHER_SERVICE if row[18] else "")
    if measures.get("fee_reports") and service:
        yield Split.SERVICE, service


def _add(totals: dict[Key, dict[str, int]], key: Key, measures: dict[str, int]) -> None:
    target = totals[key]
    for name, amount in measures.items():
        if amount:
            target[name] = target.get(name, 0) + amount


def _facts(cases: Iterable[_Case], *, areas_of: Any, today: datetime.date) -> dict[Key, dict[str, int]]:
    """The summed measures of ``cases`` per key: every level, split and category."""
    rules = _Rules()
    totals: dict[Key, dict[str, int]] = defaultdict(dict)
    for case in cases:
        row = case.feedback
        kind, category, office, month = row[0], row[1], str(row[14]), month_of(row[7])
        measures = _case_measures(case, rules, today)
        ratings = [(str(office_id), _rating_measures(score)) for office_id, score in case.ratings]
        everything = dict(measures)
        for _office, rated in ratings:
            for name, amount in rated.items():
                everything[name] = everything.get(name, 0) + amount
        for split, value in _splits(row, measures):
            for level, area in areas_of(row):
                _add(totals, (level, area, month, kind, category, split, value), everything)
            _add(totals, (Level.OFFICE, office, month, kind, category, split, value), measures)
            for office_id, rated in ratings:
                _add(totals, (Level.OFFICE, office_id, month, kind, category, split, value), rated)
    return totals


# The columns ``partition_rows`` fills, in order (services.py writes them with COPY or executemany:
# building model instances and Django's INSERT cost more than the whole computation).
COLUMNS = ["level", "area", "province_code", "month", "kind", "category_id", "split", "value", *MEASURES]


def partition_rows(
    *, province_code: str, month: datetime.date, today: datetime.date | None = None
) -> list[tuple[Any, ...]]:
    """The Fact rows (as tuples of ``COLUMNS``) of levels province, district and office of a partition.

    Every level has every split, per kind and category, so that every dashboard is read from
    rollups. At office level that makes more rows than reports (about 1.6 per report at 10
    million, docs/performance.md): the price of an office's dashboard filtered by a category and
    split in tens of milliseconds instead of half a second from its reports.
    """
    start, end = month_bounds(month)
    reports = Feedback.objects.filter(
        province_id=province_code, submitted_at__gte=start, submitted_at__lt=end
    )

    def areas_of(row: tuple[Any, ...]) -> list[tuple[str, str]]:
        district = row[6]
        if district is None:
            return [(Level.PROVINCE, province_code)]
        return [(Level.PROVINCE, province_code), (Level.DISTRICT, district)]

    totals = _facts(
        _cases(reports).values(),
        areas_of=areas_of,
        today=today or timezone.localdate(),
    )
    # In the order of the rollups' lookup index (level, area, split, month): the rows a dashboard
    # reads are then side by side on disk, a few pages instead of one page per row.
    rows = []
    for key in sorted(totals, key=lambda k: (k[0], k[1], k[5], k[2], k[6], k[3], k[4])):
        level, area, row_month, kind, category, split, value = key
        measures = totals[key]
        rows.append(
            (
                level,
                area,
                province_code,
                row_month,
                kind,
                category,
                split,
                value,
                *[measures.get(n, 0) for n in MEASURES],
            )
        )
    return rows
