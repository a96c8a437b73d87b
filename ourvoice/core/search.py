"""Khmer/English full-text search over any table, as designed in docs KHMER.md.

A searchable table stores two text columns, filled in Python so that SQLite and PostgreSQL
compare the same strings:
- ``search_text``: ``search_key`` of the searchable text (normalised Khmer, folded Latin), for
  the substring fallback (khmercut sometimes merges two words);
- ``search_seg``: the same text cut into words by khmercut and joined with spaces.

PostgreSQL adds a stored generated ``search_vec tsvector('simple', search_seg)`` column with a GIN
index and a ``gin_trgm_ops`` index on ``search_text`` (neither is a model field); SQLite keeps an
FTS5 table (rowid = the row's id) over ``search_seg`` with
``tokenize="unicode61 categories 'L* N* Co M*'"``. ``SearchIndex`` holds the SQL of both, the
writes of the FTS5 row, and the query: a phrase of whole words (``phraseto_tsquery`` / a quoted
FTS5 phrase), with substring matches on ``search_text`` added and ranked after the word hits.
Reports (``cases/search.py``) and the catalogue (``catalogue/search.py``) each declare one.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from ourvoice.core.khmer import khmer_tokenize as tokenize
from ourvoice.core.khmer import search_key

_M = TypeVar("_M", bound=Model)
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


def search_values(texts: Iterable[str]) -> tuple[str, str]:
    """(search_text, search_seg) of the non-empty ``texts``, one per line."""
    text = "\n".join(t for t in texts if t)
    return search_key(text), " ".join(search_words(text))


def normalised_query(query: str) -> tuple[str, str]:
    """(substring key, segmented phrase) of a query; both empty when nothing searchable is left."""
    query = query[:QUERY_MAX_LENGTH]
    words = search_words(query)
    return (search_key(query) if words else ""), " ".join(words)


@dataclass(frozen=True)
class SearchIndex:
    """The search index of one table (``table`` has ``id``, ``search_text`` and ``search_seg``)."""

    table: str
    fts_table: str

    def create_sql(self, vendor: str) -> list[str]:
        """For a migration: the generated column and indexes (PostgreSQL) or the FTS5 table."""
        if vendor == "postgresql":
            return [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                f"ALTER TABLE {self.table} ADD COLUMN search_vec tsvector"
                " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_seg)) STORED",
                f"CREATE INDEX {self.table}_search_vec_gin ON {self.table} USING gin (search_vec)",
                f"CREATE INDEX {self.table}_search_text_trgm ON {self.table}"
                " USING gin (search_text gin_trgm_ops)",
            ]
        if vendor == "sqlite":
            return [
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.fts_table} USING fts5("
                "search_seg, tokenize=\"unicode61 categories 'L* N* Co M*'\")"
            ]
        return []

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"DROP INDEX IF EXISTS {self.table}_search_text_trgm",
                f"DROP INDEX IF EXISTS {self.table}_search_vec_gin",
                f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS search_vec",
            ]
        if vendor == "sqlite":
            return [f"DROP TABLE IF EXISTS {self.fts_table}"]
        return []

    def store(self, *, pk: int, text: str, seg: str) -> None:
        """Write the search columns of row ``pk`` (and its FTS5 row on SQLite)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET search_text = %s, search_seg = %s WHERE id = %s",  # noqa: S608
                [text, seg, pk],
            )
        self._fts_write(pk=pk, seg=seg)

    def index_new(self, *, pk: int, seg: str) -> None:
        """The word index of row ``pk``, just inserted with its search columns."""
        self._fts_write(pk=pk, seg=seg)

    def forget(self, *, pk: int) -> None:
        """Take row ``pk`` out of the word index (its substring key goes with the row or stays
        with a row that the queries exclude)."""
        self._fts_write(pk=pk, seg=None)

    def _fts_write(self, *, pk: int, seg: str | None) -> None:
        if connection.vendor != "sqlite":
            return  # PostgreSQL's generated column follows search_seg by itself
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.fts_table} WHERE rowid = %s", [pk])  # noqa: S608
            if seg is not None:
                cursor.execute(
                    f"INSERT INTO {self.fts_table} (rowid, search_seg) VALUES (%s, %s)",  # noqa: S608
                    [pk, seg],
                )

    def word_match_ids(self, phrase: str) -> RawSQL:
        """A subquery of the ids of rows containing ``phrase`` as a sequence of whole words."""
        if connection.vendor == "postgresql":
            return RawSQL(  # noqa: S611 (table names from code; the phrase is a parameter)
                f"SELECT id FROM {self.table} WHERE search_vec @@ phraseto_tsquery('simple', %s)",  # noqa: S608
                (phrase,),
            )
        fts_phrase = '"' + phrase.replace('"', '""') + '"'
        return RawSQL(f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s", (fts_phrase,))  # noqa: S608, S611

    def row_matches(self, phrase: str, id_column: str) -> RawSQL:
        """A condition true when the row whose id is in ``id_column`` (a quoted column of the outer
        query) contains ``phrase``: checked row by row, never through the word index, so that a
        query that stops after a few rows costs only those rows."""
        if connection.vendor == "postgresql":
            return RawSQL(  # noqa: S611 (names from code; the phrase is a parameter)
                f"(SELECT s.search_vec FROM {self.table} s WHERE s.id = {id_column})"  # noqa: S608
                " @@ phraseto_tsquery('simple', %s)",
                (phrase,),
                output_field=BooleanField(),
            )
        fts_phrase = '"' + phrase.replace('"', '""') + '"'
        return RawSQL(  # noqa: S611
            f"{id_column} IN (SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s)",  # noqa: S608
            (fts_phrase,),
            output_field=BooleanField(),
        )

    def matching(self, queryset: QuerySet[_M], *, key: str, phrase: str, prefix: str = "") -> QuerySet[_M]:
        """Filter a queryset reaching this table (through ``prefix``) to word or substring matches."""
        return queryset.filter(
            Q(**{f"{prefix}id__in": self.word_match_ids(phrase)})
            | Q(**{f"{prefix}search_text__contains": key})
        )

    def ranked(self, queryset: QuerySet[_M], *, query: str, prefix: str = "") -> QuerySet[_M]:
        """Rows matching ``query``, whole-word hits first (annotated ``word_hit``); none for a
        query with nothing searchable in it."""
        key, phrase = normalised_query(query)
        if not phrase:
            return queryset.none().annotate(word_hit=Value(0, output_field=IntegerField()))
        return (
            self.matching(queryset, key=key, phrase=phrase, prefix=prefix)
            .annotate(
                word_hit=Case(
                    When(**{f"{prefix}id__in": self.word_match_ids(phrase)}, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("-word_hit")
        )
