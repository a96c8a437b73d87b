"""Writes of the rollups: refresh the partitions that changed, or rebuild everything.

Every change to a case writes a CaseEvent (ARCHITECTURE.md rule 5), so the events newer than the
watermark name exactly the partitions to recompute: nothing is added to the hot paths of intake
and case handling. Deadlines pass without events, so each night the partitions holding open
cases are recomputed too (their "overdue now" and "decided" counts depend on the day).
"""

import datetime
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ourvoice.analytics.models import MEASURES, Fact, Level, RefreshState
from ourvoice.analytics.partition import COLUMNS, partition_rows
from ourvoice.cases.models import CaseEvent
from ourvoice.cases.workflow import OPEN_STATUSES
from ourvoice.feedback.models import Feedback

Partition = tuple[str, datetime.date]  # province code, month


def _partitions(reports: QuerySet[Feedback]) -> set[Partition]:
    """The distinct (province, local month) of some reports, computed by the database."""
    rows = reports.annotate(month=TruncMonth("submitted_at")).values_list("province_id", "month").distinct()
    return {(province_id, timezone.localdate(month).replace(day=1)) for province_id, month in rows}


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Write Fact rows fast: COPY on PostgreSQL, one prepared INSERT for all rows elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, columns = quote(Fact._meta.db_table), ", ".join(quote(name) for name in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def _national(month: datetime.date) -> None:
    """The national rows of ``month``: the sum of its province rows, summed by the database."""
    Fact.objects.filter(level=Level.NATIONAL, month=month).delete()
    quote = connection.ops.quote_name
    table = quote(Fact._meta.db_table)
    keys = ", ".join(quote(name) for name in ("month", "kind", "category_id", "split", "value"))
    measures = ", ".join(quote(name) for name in MEASURES)
    sums = ", ".join(f"SUM({quote(name)})" for name in MEASURES)
    with connection.cursor() as cursor:
        # Identifiers come from the model only; the month is a parameter.
        cursor.execute(
            f"INSERT INTO {table} ({quote('level')}, {quote('area')}, {keys}, {measures})"  # noqa: S608
            f" SELECT %s, '', {keys}, {sums} FROM {table}"
            f" WHERE {quote('level')} = %s AND {quote('month')} = %s GROUP BY {keys}",
            [Level.NATIONAL, Level.PROVINCE, month],
        )


@transaction.atomic
def analytics_partition_refresh(*, province_code: str, month: datetime.date, national: bool = True) -> int:
    """Recompute one province-month (and, unless told not to, the nation's month); rows written."""
    rows = partition_rows(province_code=province_code, month=month)
    Fact.objects.filter(province_code=province_code, month=month).delete()
    _insert(rows)
    if national:
        _national(month)
    return len(rows)


def _refresh_one(partition: Partition) -> int:
    return analytics_partition_refresh(province_code=partition[0], month=partition[1], national=False)


def _refresh(
    partitions: Iterable[Partition], progress: Callable[[int], None] | None = None, *, workers: int = 1
) -> int:
    ordered = sorted(partitions, key=lambda p: (p[1], p[0]))
    months = {month for _province, month in ordered}
    if workers > 1:
        # Processes, not threads: the work is Python. Each opens its own database connection,
        # so the parent's must not be inherited by the forked children.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for _rows in pool.map(_refresh_one, ordered):
                if progress:
                    progress(1)
    else:
        for partition in ordered:
            _refresh_one(partition)
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


@transaction.atomic
def analytics_skip_events(*, up_to: int) -> None:
    """Move the watermark up to event ``up_to`` without recomputing anything.

    For a bulk load that ends with ``analytics_rebuild`` (the demo's synthetic history): the
    periodic refresh would otherwise recompute, meanwhile, every partition the load touches.
    """
    state = _state()
    if up_to > state.event_watermark:
        state.event_watermark = up_to
        state.save(update_fields=["event_watermark"])


def analytics_refresh_open() -> int:
    """Recompute the partitions that hold open cases: deadlines pass without any event."""
    partitions = _partitions(Feedback.objects.filter(case__status__in=OPEN_STATUSES))
    with transaction.atomic():
        _state()  # the same lock as analytics_refresh
        _refresh(partitions)
    return len(partitions)


def analytics_rebuild(*, progress: Callable[[int, int], None] | None = None, workers: int = 1) -> int:
    """Recompute every rollup from the raw tables (first install, or after a change of rules).

    ``workers`` > 1 computes partitions in that many processes (PostgreSQL only: SQLite takes
    one writer at a time).
    """
    if connection.vendor != "postgresql":
        workers = 1
    with transaction.atomic():
        state = _state()
        newest = CaseEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
        _clear()
    partitions = _partitions(Feedback.objects.filter(case__isnull=False))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(partitions))

    _refresh(partitions, step, workers=workers)
    with transaction.atomic():
        state = _state()
        state.event_watermark = max(state.event_watermark, newest)
        state.refreshed_at = timezone.now()
        state.save(update_fields=["event_watermark", "refreshed_at"])
    _analyze()
    return len(partitions)


def _clear() -> None:
    """Every rollup row gone. TRUNCATE on PostgreSQL: deleting ten million rows one by one took
    minutes and left their space to the next VACUUM (the rebuilt table was twice its size)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(Fact._meta.db_table)}")
    else:
        Fact.objects.all().delete()


def _analyze() -> None:
    """Fresh planner statistics for the rollups (PostgreSQL). Without them, right after a rebuild
    PostgreSQL guesses that an area has one row and reads every area's rows of the period through
    the comparisons' index: a district's dashboard took 600 ms instead of 40 at 10 million reports."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Fact._meta.db_table)}")
