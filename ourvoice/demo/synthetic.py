"""Realistic synthetic reports at national scale, for demos and benchmarks (``demo_synthesize``).

What is made (rows in ``synthetic_rows.py``, sentences in ``synthetic_text.py``): reports of the
four kinds in the active categories, over every channel, gender, age band and disability answer,
from every commune of the country to the office a citizen there would address, routed as
``cases/routing.py`` routes them; each with its case, a coherent timeline (submitted, routed,
acknowledged, in progress, waiting, resolved, closed or rejected; escalations of stuck cases and
appeals after a bad rating move a case one level up) and, for a share of closed cases, a rating.

- Never in production (``OURVOICE_ENV=production``), like ``demo_seed``, which it runs first
  (pilot flags and demo accounts). Categories and deadline rules come from the migrations
  (feedback 0002, cases 0004); places and offices from ``geo_load`` and ``offices_generate``.
- **Synthetic reports cannot be tracked**: all share one real Argon2 hash of a random secret that
  is never shown or kept. Locators and public ids are unique permutations of the report's id
  (checked against existing reports); no idempotency key.
- PostgreSQL: COPY in batches (one transaction each). For a large load (``BIG_LOAD`` reports and
  at least as many as are there), the secondary indexes of the four tables - the trigram and
  tsvector GIN indexes of migration cases 0011 included - are dropped first and rebuilt from
  their own definitions at the end (also after an error), which is much faster than keeping them
  up to date row by row - all but the office-and-trigram index, which the worker builds while the
  site serves (the longest: 29 minutes at 10 million); the generated ``search_vec`` column is
  computed by PostgreSQL itself, and each report's ``handling_office_id`` is written with it
  (cases/search.py).
  A superuser also skips the foreign-key triggers (``session_replication_role``): the rows are
  consistent by construction. Then ``VACUUM ANALYZE``.
- SQLite: one prepared INSERT per table and batch (``_insert``) and the FTS5 rows of
  ``cases/search.py``, so search finds them.

Measured rates: see the comment above ``BIG_LOAD`` and docs/performance.md ("Synthetic data").
"""

import queue
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Model
from django.utils import timezone

from ourvoice.cases.models import Case, CaseEvent, Rating
from ourvoice.cases.search import FTS_TABLE, OFFICE_TRIGRAM_INDEX
from ourvoice.cases.tasks import build_search_indexes
from ourvoice.core.bulk_load import drop_indexes, rebuild_indexes, secondary_indexes
from ourvoice.demo.models import SyntheticHistory
from ourvoice.demo.services import demo_seed
from ourvoice.demo.synthetic_rows import (
    CASE_COLUMNS,
    EVENT_COLUMNS,
    FEEDBACK_COLUMNS,
    MESSAGE_COLUMNS,
    RATING_COLUMNS,
    Rows,
    World,
)
from ourvoice.feedback import receipts
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.services import PUBLIC_ID_ALPHABET, REFERENCE_ALPHABET
from ourvoice.messaging.models import Message

# Measured on the 2-core benchmark machine (docs/performance.md, "Synthetic data"): 10 million
# reports with 61.7 million case events and 3.2 million ratings in 38.8 min (COPY 29 min, index
# rebuild 9 min), while other sessions shared the cores; about 12,000 reports/s during COPY when
# the machine was otherwise idle, so 1 million in 1.5-3.5 min.
BIG_LOAD = 200_000
TABLES = ("feedback_feedback", "cases_case", "cases_caseevent", "cases_rating", "messaging_message")
_CASE_FEEDBACK, _CASE_OFFICE = CASE_COLUMNS.index("feedback_id"), CASE_COLUMNS.index("office_id")
# Locators, public ids and references: affine permutations of the report id (unique for ids
# below 10^8).
_LOCATOR_SPACE, _LOCATOR_A, _LOCATOR_B = 10**8, 48_271_927, 31_415_926
_PUBLIC_SPACE, _PUBLIC_A, _PUBLIC_B = len(PUBLIC_ID_ALPHABET) ** 10, 6_364_136_223_846_793, 1_442_695_040
_REFERENCE_SPACE, _REFERENCE_A, _REFERENCE_B = len(REFERENCE_ALPHABET) ** 8, 387_420_489_011, 271_828_182


class SynthesizeError(Exception):
    """Synthetic data cannot be made here; the message says why and what to do."""


@dataclass(frozen=True)
class SynthesizeResult:
    records: int
    events: int
    ratings: int
    seconds: float


def _spell(n: int, alphabet: str, length: int) -> str:
    chars = []
    for _ in range(length):
        n, digit = divmod(n, len(alphabet))
        chars.append(alphabet[digit])
    return "".join(chars)


def synthetic_codes(feedback_id: int) -> tuple[str, str, str]:
    """(locator, public_id, reference) of a synthetic report: distinct for distinct ids."""
    locator = f"{(feedback_id * _LOCATOR_A + _LOCATOR_B) % _LOCATOR_SPACE:08d}"
    public_id = _spell((feedback_id * _PUBLIC_A + _PUBLIC_B) % _PUBLIC_SPACE, PUBLIC_ID_ALPHABET, 10)
    ref = _spell((feedback_id * _REFERENCE_A + _REFERENCE_B) % _REFERENCE_SPACE, REFERENCE_ALPHABET, 8)
    return locator, public_id, f"{ref[:4]}-{ref[4:]}"


def _replace_taken(rows: Rows, taken: set[str]) -> None:
    """Give fresh random codes to the rare report whose locator, public id or reference a real
    report holds."""
    from ourvoice.feedback.services import new_public_id, new_reference

    locators = {row[1] for row in rows.feedback}
    references = {row[3] for row in rows.feedback}
    for n, row in enumerate(rows.feedback):
        if row[1] in taken or row[2] in taken or row[3] in taken:
            locator = receipts.new_locator()
            while Feedback.objects.filter(locator=locator).exists() or locator in locators:
                locator = receipts.new_locator()
            reference = new_reference()
            while Feedback.objects.filter(reference=reference).exists() or reference in references:
                reference = new_reference()
            rows.feedback[n] = (row[0], locator, new_public_id(), reference, *row[4:])


@dataclass
class Counts:
    records: int = 0
    events: int = 0
    ratings: int = 0

    def add(self, rows: Rows, progress: Callable[[int], None]) -> None:
        self.records += len(rows.feedback)
        self.events += len(rows.events)
        self.ratings += len(rows.ratings)
        progress(len(rows.feedback))


class _SqliteLoader:
    """One prepared INSERT per table and batch (``_insert``), and the FTS5 rows of the reports."""

    def ids(self, n: int) -> tuple[list[int], list[int]]:
        first_feedback = (Feedback.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        first_case = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        return list(range(first_feedback, first_feedback + n)), list(range(first_case, first_case + n))

    def write(self, rows: Rows) -> None:
        locators = [row[1] for row in rows.feedback]
        public_ids = [row[2] for row in rows.feedback]
        taken = set(Feedback.objects.filter(locator__in=locators).values_list("locator", flat=True))
        taken |= {
            p
            for p in Feedback.objects.filter(public_id__in=public_ids).values_list("public_id", flat=True)
            if p
        }
        references = [row[3] for row in rows.feedback]
        taken |= set(Feedback.objects.filter(reference__in=references).values_list("reference", flat=True))
        _replace_taken(rows, taken)
        for model, columns, data in (
            (Feedback, FEEDBACK_COLUMNS, rows.feedback),
            (Case, CASE_COLUMNS, rows.cases),
            (CaseEvent, EVENT_COLUMNS, rows.events),
            (Rating, RATING_COLUMNS, rows.ratings),
            (Message, MESSAGE_COLUMNS, rows.messages),
        ):
            _insert(model, columns, data)
        fts_rows: list[Any] = [(row[0], row[-1]) for row in rows.feedback]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, search_seg) VALUES (%s, %s)", fts_rows)  # noqa: S608

    def load(self, world: World, records: int, batch: int, progress: Callable[[int], None]) -> Counts:
        counts = Counts()
        while counts.records < records:
            with transaction.atomic():
                feedback_ids, case_ids = self.ids(min(batch, records - counts.records))
                rows = world.batch(feedback_ids=feedback_ids, case_ids=case_ids, code=synthetic_codes)
                self.write(rows)
            counts.add(rows, progress)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return counts


def _insert(model: type[Model], columns: tuple[str, ...], data: list[tuple[object, ...]]) -> None:
    """The rows as they are, in one ``executemany`` (SQLite). ``bulk_create`` made a model instance
    and prepared every value of every row through its field: three quarters of the load's time.
    Dates and times are written exactly as Django writes them; JSON columns come as JSON text;
    the model's other columns are nullable (checked here, so a new column fails loudly)."""
    if not data:
        return
    ops = connection.ops
    fields = {field.column: field for field in model._meta.concrete_fields}
    for column, field in fields.items():
        if column not in columns and not field.primary_key and not field.null:
            raise RuntimeError(f"{model.__name__}.{field.name} has no synthetic value: add it to the rows")
    adapt: list[Callable[[Any], Any] | None] = []
    for column in columns:
        kind = fields[column].get_internal_type()
        adapt.append(
            ops.adapt_datetimefield_value
            if kind == "DateTimeField"
            else ops.adapt_datefield_value
            if kind == "DateField"
            else None
        )
    values: list[Any] = [
        tuple(value if a is None or value is None else a(value) for a, value in zip(adapt, row, strict=True))
        for row in data
    ]
    quote = ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"  # noqa: S608
        f" VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


class _PostgresLoader:
    """COPY. A large load generates the next batch while the last one is written (a writer
    thread with its own connection) and drops and rebuilds the secondary indexes."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def ids(self, n: int) -> tuple[list[int], list[int]]:
        # nextval() n times: ours alone even with others inserting at the same moment.
        found = []
        with connection.cursor() as cursor:
            for table in TABLES[:2]:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
                )
                found.append([row[0] for row in cursor.fetchall()])
        return found[0], found[1]

    def write(self, rows: Rows) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT locator, public_id, reference FROM feedback_feedback"
                " WHERE locator = ANY(%s) OR public_id = ANY(%s) OR reference = ANY(%s)",
                [[row[n] for row in rows.feedback] for n in (1, 2, 3)],
            )
            if taken := {code for codes in cursor.fetchall() for code in codes if code}:
                _replace_taken(rows, taken)
            # The handling office beside the search columns (cases/search.py), written here: a
            # superuser's load runs with the triggers off, and anybody's would rewrite every row.
            handling = {row[_CASE_FEEDBACK]: row[_CASE_OFFICE] for row in rows.cases}
            reports = [(*row, handling[row[0]]) for row in rows.feedback]
            for table, columns, data in (
                ("feedback_feedback", (*FEEDBACK_COLUMNS, "handling_office_id"), reports),
                ("cases_case", CASE_COLUMNS, rows.cases),
                ("cases_caseevent", EVENT_COLUMNS, rows.events),
                ("cases_rating", RATING_COLUMNS, rows.ratings),
                ("messaging_message", MESSAGE_COLUMNS, rows.messages),
            ):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)

    def _session(self, *, loading: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:  # rows are consistent by construction: skip the per-row FK triggers
                cursor.execute(f"SET session_replication_role = {'replica' if loading else 'DEFAULT'}")
            cursor.execute(f"SET synchronous_commit = {'off' if loading else 'DEFAULT'}")

    def load(self, world: World, records: int, batch: int, progress: Callable[[int], None]) -> Counts:
        counts = Counts()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM feedback_feedback")
            existing = cursor.fetchone()[0]
        if records < BIG_LOAD or records < existing:
            self._session(loading=True)
            try:
                while counts.records < records:
                    feedback_ids, case_ids = self.ids(min(batch, records - counts.records))
                    rows = world.batch(feedback_ids=feedback_ids, case_ids=case_ids, code=synthetic_codes)
                    self.write(rows)
                    counts.add(rows, progress)
            finally:
                self._session(loading=False)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(TABLES)}")
            return counts
        indexes = secondary_indexes(TABLES)
        self.say(f"Large load: dropping {len(indexes)} secondary indexes (rebuilt at the end).")
        drop_indexes(indexes)
        try:
            self._pipelined(world, records, batch, counts, progress)
        finally:
            # The office-and-trigram index alone would take longer than all the others (29 min at
            # 10 million): the worker builds it while the site serves (cases/search.py).
            rebuild_indexes([i for i in indexes if i[0] != OFFICE_TRIGRAM_INDEX], self.say, builders=2)
        self.say(f"The worker builds {OFFICE_TRIGRAM_INDEX} next (or now: manage.py search_index_build).")
        build_search_indexes()
        self.say("VACUUM ANALYZE (statistics, and the visibility map for index-only scans)...")
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(TABLES)}")
            cursor.execute("ANALYZE")  # the small tables too (offices, places), for good plans
        return counts

    def _pipelined(
        self, world: World, records: int, batch: int, counts: Counts, progress: Callable[[int], None]
    ) -> None:
        ready: queue.Queue[Rows | None] = queue.Queue(maxsize=2)
        failed: list[BaseException] = []

        def writer() -> None:
            try:
                self._session(loading=True)
                while (rows := ready.get()) is not None:
                    self.write(rows)
                    counts.add(rows, progress)
            except BaseException as error:
                failed.append(error)
                while ready.get() is not None:  # let the producer finish
                    pass
            finally:
                connection.close()

        thread = threading.Thread(target=writer)
        thread.start()
        made = 0
        try:
            while made < records and not failed:
                feedback_ids, case_ids = self.ids(min(batch, records - made))
                ready.put(world.batch(feedback_ids=feedback_ids, case_ids=case_ids, code=synthetic_codes))
                made += len(feedback_ids)
        finally:
            ready.put(None)
            thread.join()
        if failed:
            raise failed[0]


def demo_synthesize(
    *,
    records: int,
    months: int = 36,
    seed: int | None = None,
    batch: int = 20_000,
    progress: Callable[[int], None] | None = None,
    say: Callable[[str], None] | None = None,
) -> SynthesizeResult:
    """Add ``records`` synthetic reports with cases, events and ratings over the last ``months``.

    Raises ``SynthesizeError`` in production, ``DemoSeedError`` without places or offices.
    """
    if settings.OURVOICE_ENV == "production":
        raise SynthesizeError(
            "Refusing to generate synthetic reports: OURVOICE_ENV is 'production'. Synthetic "
            "reports would mix with real ones and must never exist on a production server."
        )
    if records < 1 or months < 1 or batch < 1:
        raise SynthesizeError("--records, --months and --batch must be positive.")
    say = say or (lambda _message: None)
    demo_seed()  # the pilot and the demo accounts (refuses in production, checks places and offices)
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 (a spread of synthetic data, not a secret)
    # One real hash of a secret nobody knows: synthetic reports cannot be tracked by receipt.
    secret_hash = receipts.hash_secret(f"{secrets.randbelow(10**12):012d}")
    try:
        world = World(records=records, months=months, now=timezone.now(), rng=rng, secret_hash=secret_hash)
    except ValueError as error:
        raise SynthesizeError(str(error)) from error
    loader = _PostgresLoader(say) if connection.vendor == "postgresql" else _SqliteLoader()
    SyntheticHistory.objects.get_or_create(pk=1)  # pages of figures say "synthetic demo data"
    shown = progress or (lambda _n: None)

    def counted(n: int) -> None:  # after each committed batch
        SyntheticHistory.objects.filter(pk=1).update(made=F("made") + n)
        shown(n)

    counts = loader.load(world, records, batch, counted)
    return SynthesizeResult(counts.records, counts.events, counts.ratings, time.monotonic() - started)
