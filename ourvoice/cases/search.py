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
"""

from collections.abc import Iterable
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
    pattern = "%" + connection.ops.prep_for_like_query(key) + "%"
    return _at_offices(office_ids, "search_text LIKE %s", (pattern,))


def handling_office_fill() -> None:
    """PostgreSQL: every report's handling office from its case, in one statement, for a load that
    wrote the rows as stored with the triggers off (the portable restore)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE feedback_feedback f SET handling_office_id = c.office_id FROM cases_case c"
                " WHERE c.feedback_id = f.id AND f.handling_office_id IS DISTINCT FROM c.office_id"
            )
