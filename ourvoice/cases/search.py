"""Khmer/English full-text search of reports, as designed in docs KHMER.md.

The machinery is ``ourvoice/core/search.py`` (shared with the catalogue); this module declares
the reports' index and what of a report is searchable. Stored on each Feedback (filled by
``feedback_search_index``, called by ``feedback_submit``):
- ``search_text``: ``search_key`` of the description, answers and service (normalised Khmer,
  folded Latin), for the substring fallback;
- ``search_seg``: the same text cut into words by khmercut and joined with spaces.

PostgreSQL: a stored generated ``tsvector('simple', search_seg)`` column with a GIN index and a
``gin_trgm_ops`` index on ``search_text`` (migration feedback 0003, PostgreSQL only; neither is
a model field). SQLite: an FTS5 table ``feedback_search_fts`` (rowid = feedback id) over
``search_seg`` with ``tokenize="unicode61 categories 'L* N* Co M*'"``, written here.

A query is normalised and segmented the same way, run as a phrase (word hits), and substring
matches on ``search_text`` are added and ranked after the word hits.

PostgreSQL also keeps on each report the office handling its case (``handling_office_id``, kept
by a trigger on ``cases_case``, migration cases 0011) in the two search indexes, so that a search
within a few offices intersects the offices and the word inside one index (``*_at`` below).
A substring is found there too through a third index, keyed by office *and* trigram
(``OFFICE_TRIGRAMS``, migration cases 0013): the multicolumn trigram index decodes every page of a
common Khmer trigram's posting list to find one office's few entries (131 ms over 10 million
reports); this one reads that office's entries alone (under 1 ms). It takes the longest of all to
build (tens of minutes at 10 million), so restores and bulk loads leave it to the worker
(``office_trigram_index_build``) and the search uses it only once it is valid.
"""

import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL

from ourvoice.core.search import QUERY_MAX_LENGTH, SearchIndex, normalised_query, search_values, search_words
from ourvoice.feedback.models import Feedback

__all__ = ["QUERY_MAX_LENGTH", "normalised_query", "search_words"]

_M = TypeVar("_M", bound=Model)
FTS_TABLE = "feedback_search_fts"
FEEDBACK_INDEX = SearchIndex(table="feedback_feedback", fts_table=FTS_TABLE)


def _answer_texts(answers: object) -> Iterable[str]:
    if isinstance(answers, dict):
        for value in answers.values():
            if isinstance(value, str) and value.strip():
                yield value


def feedback_search_values(feedback: Feedback) -> tuple[str, str]:
    """(search_text, search_seg) for a report: what the citizen wrote, never technical data; the
    catalogue service's names in both languages (what the citizen chose or typed)."""
    # getattr: feedback migration 0003 calls this with a historical model that has no service yet.
    service = feedback.service if getattr(feedback, "service_id", None) else None
    names = [service.name_km, service.name_en] if service is not None else []
    return search_values(
        [feedback.description, feedback.service_name, *names, *_answer_texts(feedback.answers)]
    )


def feedback_search_fill(*, feedback: Feedback) -> None:
    """Set the search fields of a report before its INSERT (no query)."""
    feedback.search_text, feedback.search_seg = feedback_search_values(feedback)


def feedback_search_index(*, feedback: Feedback) -> None:
    """Index a report just saved with ``feedback_search_fill``'s fields: its FTS5 row on SQLite
    (PostgreSQL's generated column follows ``search_seg`` by itself).

    Called inside the transaction that creates the report, so the index never lags behind it.
    """
    FEEDBACK_INDEX.index_new(pk=feedback.pk, seg=feedback.search_seg)


def word_match_ids(phrase: str) -> RawSQL:
    """A subquery of the ids of reports containing ``phrase`` as a sequence of whole words."""
    return FEEDBACK_INDEX.word_match_ids(phrase)


def case_row_matches(phrase: str) -> RawSQL:
    """A condition on a Case queryset: its report contains ``phrase``, checked case by case."""
    return FEEDBACK_INDEX.row_matches(phrase, '"cases_case"."feedback_id"')


def feedback_matching(queryset: QuerySet[_M], *, key: str, phrase: str, prefix: str = "") -> QuerySet[_M]:
    """Filter any queryset reaching a Feedback (through ``prefix``) to word or substring matches."""
    return FEEDBACK_INDEX.matching(queryset, key=key, phrase=phrase, prefix=prefix)


def _at_offices(office_ids: list[int], condition: str, params: tuple[object, ...]) -> list[int]:
    """Ids of the reports handled at ``office_ids`` that meet ``condition``, read as a list: the
    caller intersects them with the cases the user may see (PostgreSQL only)."""
    # ``::bigint[]``: ids sent as a smallint array (small numbers) make the office a filter after
    # the word's country-wide matches instead of a condition inside the index (6 s, not 10 ms,
    # for a common word over 10 million reports). No ORDER BY: the caller orders the cases.
    where = RawSQL(  # noqa: S611 (SQL from this module; values are parameters)
        f"handling_office_id = ANY(%s::bigint[]) AND {condition}",
        (office_ids, *params),
        output_field=BooleanField(),
    )
    return list(Feedback.objects.filter(where).order_by().values_list("id", flat=True))


def word_match_ids_at(phrase: str, office_ids: list[int]) -> list[int]:
    """Reports handled at ``office_ids`` containing ``phrase`` as whole words."""
    return _at_offices(office_ids, "search_vec @@ phraseto_tsquery('simple', %s)", (phrase,))


def substring_match_ids_at(key: str, office_ids: list[int]) -> list[int]:
    """Reports handled at ``office_ids`` whose search text contains ``key`` (as ``__contains``)."""
    if (found := _office_trigram_match_ids(key, office_ids)) is not None:
        return found
    pattern = "%" + connection.ops.prep_for_like_query(key) + "%"
    return _at_offices(office_ids, "search_text LIKE %s", (pattern,))


# Keys such as "1309:0xb40971" (pg_trgm prints a Khmer trigram as its hash): one per trigram of
# the report's text, prefixed with the office handling it. The function (migration cases 0013) is
# one inlinable expression, so the index and the query compute it alike.
OFFICE_TRIGRAMS = "ourvoice_office_trigrams(handling_office_id, search_text)"
OFFICE_TRIGRAM_INDEX = "feedback_office_trigram_keys"
# ``COLLATE "C"``: the keys are compared byte by byte, not by the database's locale rules.
OFFICE_TRIGRAM_INDEX_SQL = (
    f"CREATE INDEX {{concurrently}} {OFFICE_TRIGRAM_INDEX} ON feedback_feedback"
    f' USING gin (({OFFICE_TRIGRAMS}) COLLATE "C")'
)
# The advisory lock of its build (and migration 0013's): per database, since advisory locks are
# the server's, shared by every database on it.
BUILD_LOCK = "hashtext(current_database() || '.' || %s)"
# Letters glued to either end of a key: a text containing the key may continue it on either side.
_GLUE = ("q", "z")


def office_trigram_index_ready() -> bool:
    """PostgreSQL: the office-and-trigram index exists and is valid (built to the end)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [OFFICE_TRIGRAM_INDEX]
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def trigrams_of_any_text_containing(key: str) -> list[str]:
    """The pg_trgm trigrams that every text containing ``key`` has, whatever surrounds it.

    pg_trgm pads each word with blanks, so the trigrams at a key's ends depend on what comes
    before and after it: only those common to the key alone and the key glued to a letter on
    each side (both letters, on either end and both) are certain (tests/test_search_plans.py,
    a property over Khmer, Latin and punctuation).
    """
    variants = [
        key,
        *(g + key for g in _GLUE),
        *(key + g for g in _GLUE),
        *(a + key + b for a in _GLUE for b in _GLUE),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["show_trgm(%s)"] * len(variants)), variants)
        sets = [set(trigrams) for trigrams in cursor.fetchone()]
    return sorted(set.intersection(*sets))


def _office_trigram_match_ids(key: str, office_ids: list[int]) -> list[int] | None:
    """Reports handled at ``office_ids`` containing ``key``, through the office-and-trigram index;
    None where that index cannot answer (not built yet, or a key too short to have a trigram)."""
    if not office_ids or not office_trigram_index_ready():
        return None
    trigrams = trigrams_of_any_text_containing(key)
    # A "|" would split a key in the index's function: pg_trgm keeps letters and digits only.
    if not trigrams or any("|" in t for t in trigrams):
        return None
    # One "these keys at this office" test per office (a BitmapOr of index scans), then the exact test.
    keys = [[f"{office}:{trigram}" for trigram in trigrams] for office in office_ids]
    any_office = " OR ".join([f'({OFFICE_TRIGRAMS}) COLLATE "C" @> %s::text[]'] * len(keys))
    where = RawSQL(  # noqa: S611 (SQL from this module; values are parameters)
        f"({any_office}) AND strpos(search_text, %s) > 0", (*keys, key), output_field=BooleanField()
    )
    return list(Feedback.objects.filter(where).order_by().values_list("id", flat=True))


def office_trigram_index_build(say: Callable[[str], None] = print) -> bool:
    """Build the office-and-trigram index if it is missing or was left invalid; False when it was
    already there or another process is building it. ``CONCURRENTLY`` (reports keep arriving)
    unless inside a transaction (tests, small loads). Tens of minutes over 10 million reports."""
    if connection.vendor != "postgresql" or office_trigram_index_ready():
        return False
    with connection.cursor() as cursor:
        # The same lock as migration cases 0013's build: never two builds, never one dropping the
        # index another is still building.
        cursor.execute(f"SELECT pg_try_advisory_lock({BUILD_LOCK})", [OFFICE_TRIGRAM_INDEX])
        if not cursor.fetchone()[0]:
            return False
        try:
            if office_trigram_index_ready():  # built by the lock's last holder meanwhile
                return False
            concurrently = "" if connection.in_atomic_block else "CONCURRENTLY"
            cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {OFFICE_TRIGRAM_INDEX}")
            say(f"building the search index {OFFICE_TRIGRAM_INDEX} (tens of minutes for millions of reports)")
            started = time.monotonic()
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(OFFICE_TRIGRAM_INDEX_SQL.format(concurrently=concurrently))
            cursor.execute("RESET maintenance_work_mem")
            say(f"built the search index {OFFICE_TRIGRAM_INDEX} in {time.monotonic() - started:.0f} s")
        finally:
            cursor.execute(f"SELECT pg_advisory_unlock({BUILD_LOCK})", [OFFICE_TRIGRAM_INDEX])
    return True


def handling_office_fill() -> None:
    """PostgreSQL: every report's handling office from its case, in one statement, for a load that
    wrote the rows as stored with the triggers off (the portable restore)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE feedback_feedback f SET handling_office_id = c.office_id FROM cases_case c"
                " WHERE c.feedback_id = f.id AND f.handling_office_id IS DISTINCT FROM c.office_id"
            )
