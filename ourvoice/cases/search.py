"""Khmer/English full-text search of reports, as designed in docs KHMER.md.

Stored on each Feedback (filled by ``feedback_search_index``, called by ``feedback_submit``):
- ``search_text``: ``search_key`` of the description, answers and service (normalised Khmer,
  folded Latin), for the substring fallback;
- ``search_seg``: the same text cut into words by khmercut and joined with spaces.

PostgreSQL: a stored generated ``tsvector('simple', search_seg)`` column with a GIN index and a
``gin_trgm_ops`` index on ``search_text`` (migration feedback 0003, PostgreSQL only; neither is
a model field). SQLite: an FTS5 table ``feedback_search_fts`` (rowid = feedback id) over
``search_seg`` with ``tokenize="unicode61 categories 'L* N* Co M*'"``, written here.

A query is normalised and segmented the same way, run as a phrase (word hits), and substring
matches on ``search_text`` are added and ranked after the word hits.
"""

import re
from collections.abc import Iterable
from typing import TypeVar

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from khmercut import tokenize

from ourvoice.core.khmer import search_key
from ourvoice.feedback.models import Feedback

_M = TypeVar("_M", bound=Model)
FTS_TABLE = "feedback_search_fts"
QUERY_MAX_LENGTH = 200
# A word: Khmer letters and signs, or Latin letters and digits. Punctuation and spaces separate.
_WORD = re.compile(r"[\u1780-\u17d3\u17dc\u17dd\u17e0-\u17e9\w]+")
_KHMER_PUNCTUATION = re.compile(r"[\u17d4-\u17da_]+")


def search_words(text: str) -> list[str]:
    """``search_key`` of the text cut into words (khmercut for Khmer runs)."""
    words: list[str] = []
    for token in tokenize(search_key(text)):
        words.extend(_WORD.findall(_KHMER_PUNCTUATION.sub(" ", token)))
    return words


def _answer_texts(answers: object) -> Iterable[str]:
    if isinstance(answers, dict):
        for value in answers.values():
            if isinstance(value, str) and value.strip():
                yield value


def feedback_search_values(feedback: Feedback) -> tuple[str, str]:
    """(search_text, search_seg) for a report: what the citizen wrote, never technical data."""
    parts = [feedback.description, feedback.service_name, *_answer_texts(feedback.answers)]
    text = "\n".join(p for p in parts if p)
    return search_key(text), " ".join(search_words(text))


def feedback_search_index(*, feedback: Feedback) -> None:
    """Store the search fields of a saved report (and its FTS5 row on SQLite).

    Called inside the transaction that creates the report, so the index never lags behind it.
    """
    feedback.search_text, feedback.search_seg = feedback_search_values(feedback)
    Feedback.objects.filter(pk=feedback.pk).update(
        search_text=feedback.search_text, search_seg=feedback.search_seg
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [feedback.pk])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, search_seg) VALUES (%s, %s)",  # noqa: S608
                [feedback.pk, feedback.search_seg],
            )


def normalised_query(query: str) -> tuple[str, str]:
    """(substring key, segmented phrase) of a query; both empty when nothing searchable is left."""
    query = query[:QUERY_MAX_LENGTH]
    words = search_words(query)
    return (search_key(query) if words else ""), " ".join(words)


def word_match_ids(phrase: str) -> RawSQL:
    """A subquery of the ids of reports containing ``phrase`` as a sequence of whole words."""
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT id FROM feedback_feedback WHERE search_vec @@ phraseto_tsquery('simple', %s)",
            (phrase,),
        )
    fts_phrase = '"' + phrase.replace('"', '""') + '"'
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (fts_phrase,))  # noqa: S608, S611


def feedback_matching(queryset: QuerySet[_M], *, key: str, phrase: str, prefix: str = "") -> QuerySet[_M]:
    """Filter any queryset reaching a Feedback (through ``prefix``) to word or substring matches."""
    return queryset.filter(
        Q(**{f"{prefix}id__in": word_match_ids(phrase)}) | Q(**{f"{prefix}search_text__contains": key})
    )
