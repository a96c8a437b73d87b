"""Writes of the rollups: refresh the partitions that changed, or rebuild everything.

Every change to a case writes a CaseEvent (ARCHITECTURE.md rule 5), so the events newer than the
watermark name exactly the partitions to recompute: nothing is added to the hot paths of intake
and case handling. Deadlines pass without events, so each night the partitions holding open
cases are recomputed too (their "overdue now" and "decided" counts depend on the day).
"""

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ourvoice.analytics.models import MEASURES, Fact, Level, RefreshState
from ourvoice.analytics.partition import partition_facts
from ourvoice.cases.models import CaseEvent
from ourvoice.cases.workflow import OPEN_STATUSES
from ourvoice.feedback.models import Feedback

Partition = tuple[str, datetime.date]  # province code, month
BATCH = 5000


def _partitions(reports: QuerySet[Feedback]) -> set[Partition]:
    """The distinct (province, local month) of some reports, computed by the database."""
    rows = reports.annotate(month=TruncMonth("submitted_at")).values_list("province_id", "month").distinct()
    return {(province_id, timezone.localdate(month).replace(day=1)) for province_id, month in rows}


def _national(month: datetime.date) -> None:
    """The national rows of ``month``: the sum of its province rows."""
    Fact.objects.filter(level=Level.NATIONAL, month=month).delete()
    sums = (
        Fact.objects.filter(level=Level.PROVINCE, month=month)
        .values("kind", "category_id", "split", "value")
        .annotate(**{f"total_{name}": Sum(name) for name in MEASURES})
    )
    Fact.objects.bulk_create(
        (
            Fact(
                level=Level.NATIONAL,
                area="",
                month=month,
                kind=row["kind"],
                category_id=row["category_id"],
                split=row["split"],
                value=row["value"],
                **{name: row[f"total_{name}"] or 0 for name in MEASURES},
            )
            for row in sums
        ),
        batch_size=BATCH,
    )


@transaction.atomic
def analytics_partition_refresh(*, province_code: str, month: datetime.date, national: bool = True) -> int:
    """Recompute one province-month (and, unless told not to, the nation's month); rows written."""
    facts = partition_facts(province_code=province_code, month=month)
    Fact.objects.filter(province_code=province_code, month=month).delete()
    Fact.objects.bulk_create(facts, batch_size=BATCH)
    if national:
        _national(month)
    return len(facts)


def _refresh(partitions: Iterable[Partition], progress: Callable[[int], None] | None = None) -> int:
    months: set[datetime.date] = set()
    for province_code, month in sorted(partitions, key=lambda p: (p[1], p[0])):
        analytics_partition_refresh(province_code=province_code, month=month, national=False)
        months.add(month)
        if progress:
            progress(1)
    for month in sorted(months):
        with transaction.atomic():
            _national(month)
    return len(months)


def _state() -> RefreshState:
    state, _ = RefreshState.objects.select_for_update().get_or_create(pk=1)
    return state


@transaction.atomic
def analytics_refresh() -> int:
    """Bring the rollups up to date with every case event since the last run; partitions done.

    Runs under a row lock on the watermark, so two workers never refresh at once and an event
    committed meanwhile is taken by the next run (its id is above the new watermark).
    """
    state = _state()
    newest = CaseEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
    if newest <= state.event_watermark:
        return 0
    partitions = _partitions(
        Feedback.objects.filter(case__events__id__gt=state.event_watermark, case__events__id__lte=newest)
    )
    _refresh(partitions)
    state.event_watermark = newest
    state.refreshed_at = timezone.now()
    state.save(update_fields=["event_watermark", "refreshed_at"])
    return len(partitions)


def analytics_refresh_open() -> int:
    """Recompute the partitions that hold open cases: deadlines pass without any event."""
    partitions = _partitions(Feedback.objects.filter(case__status__in=OPEN_STATUSES))
    with transaction.atomic():
        _state()  # the same lock as analytics_refresh
        _refresh(partitions)
    return len(partitions)


def analytics_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every rollup from the raw tables (first install, or after a change of rules)."""
    with transaction.atomic():
        state = _state()
        newest = CaseEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
        Fact.objects.all().delete()
    partitions = _partitions(Feedback.objects.filter(case__isnull=False))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(partitions))

    _refresh(partitions, step)
    with transaction.atomic():
        state = _state()
        state.event_watermark = max(state.event_watermark, newest)
        state.refreshed_at = timezone.now()
        state.save(update_fields=["event_watermark", "refreshed_at"])
    return len(partitions)
