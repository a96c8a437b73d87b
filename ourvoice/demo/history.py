"""The synthetic history `make run` fills the demo with (``manage.py demo_history``).

Tens of thousands of reports over two years across the country (``synthetic.py``), then the
rollups rebuilt, so that every dashboard, the map, the transparency pages and the quarterly PDF
show real figures on the first visit, marked as synthetic (``core/notices.py``). Made once: the
``SyntheticHistory`` row says how far it got, so running it again keeps what is there, and a run
stopped half-way (Ctrl-C) is completed by the next one. Progress goes to the log (one line per
batch), which `make run` shows, and to the notice on those pages.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from ourvoice.analytics.services import analytics_rebuild, analytics_skip_events
from ourvoice.cases.models import CaseEvent
from ourvoice.core.notices import DataNotice
from ourvoice.demo.models import SyntheticHistory
from ourvoice.demo.synthetic import SynthesizeError, demo_synthesize

logger = logging.getLogger("ourvoice.demo")

DEFAULT_RECORDS = 20_000
DEFAULT_MONTHS = 24
# Small batches: the web process waits for SQLite's one writer at most one batch (about a second).
BATCH = 2_500


@dataclass(frozen=True)
class HistoryResult:
    made: int
    target: int
    kept: bool  # it was all there already: nothing was done
    seconds: float


def synthetic_notice() -> DataNotice | None:
    """The notice pages of figures show when synthetic reports are in the database."""
    row = SyntheticHistory.objects.filter(pk=1).only("made", "target", "finished_at").first()
    if row is None or (row.made == 0 and row.target == 0):
        return None
    filling = row.target > 0 and row.finished_at is None
    return DataNotice(made=row.made, target=max(row.target, row.made), filling=filling)


def demo_history(
    *,
    records: int = DEFAULT_RECORDS,
    months: int = DEFAULT_MONTHS,
    batch: int = BATCH,
    say: Callable[[str], None] = logger.info,
) -> HistoryResult:
    """Make the demo's synthetic history once (``records`` reports over ``months``) and build the
    rollups; later runs keep what is there and only finish an interrupted one.

    Raises ``SynthesizeError`` in production, ``DemoSeedError`` without places or offices.
    """
    if settings.OURVOICE_ENV == "production":
        raise SynthesizeError("Refusing to make a synthetic history: OURVOICE_ENV is 'production'.")
    started = time.monotonic()
    row, _created = SyntheticHistory.objects.get_or_create(pk=1)
    if row.finished_at is not None or records < 1:
        return HistoryResult(row.made, row.target, True, 0.0)
    if row.target == 0:  # a first run (or only demo_synthesize before): this run sets the goal
        row.target, row.months = max(records, row.made), months
        row.save(update_fields=["target", "months"])
    remaining = row.target - row.made
    if remaining > 0:
        say(f"Synthetic demo history: making {remaining:,} reports over {row.months} months...")
        made = row.made

        def progress(n: int) -> None:
            nonlocal made
            made += n
            # Up to here the final rebuild covers: the periodic refresh need not recompute it.
            analytics_skip_events(up_to=CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0)
            say(f"Synthetic demo history: {made:,} of {row.target:,} reports ({100 * made // row.target}%)")

        demo_synthesize(records=remaining, months=row.months, batch=batch, progress=progress, say=say)
    SyntheticHistory.objects.filter(pk=1, reports_done_at__isnull=True).update(reports_done_at=timezone.now())
    say("Synthetic demo history: building the rollups of the dashboards...")
    shown = -1

    def rollups(done: int, total: int) -> None:
        nonlocal shown
        if (tenth := 10 * done // max(1, total)) > shown:
            shown = tenth
            say(f"Synthetic demo history: rollups {done:,} of {total:,} province-months ({10 * tenth}%)")

    analytics_rebuild(progress=rollups)
    SyntheticHistory.objects.filter(pk=1).update(finished_at=timezone.now())
    row.refresh_from_db()
    seconds = time.monotonic() - started
    say(f"Synthetic demo history: ready, {row.made:,} reports in {seconds:.0f} s.")
    return HistoryResult(row.made, row.target, False, seconds)
