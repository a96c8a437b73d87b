"""core.bulk_load: a bulk load defers index and foreign-key upkeep, and leaves the schema as it found it."""

import pytest
from django.db import IntegrityError, connection, transaction

from ourvoice.core.bulk_load import foreign_keys, secondary_indexes, upkeep_deferred

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes and constraints"),
]

TABLES = ["bulk_parent", "bulk_child"]


@pytest.fixture
def tables(db):
    """As Django makes them: a deferrable foreign key; a plain, a partial unique and a GIN index."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bulk_parent (id integer PRIMARY KEY, code text UNIQUE)")
        cursor.execute(
            "CREATE TABLE bulk_child (id integer PRIMARY KEY, word text, open boolean,"
            " parent_id integer CONSTRAINT bulk_child_parent_fk REFERENCES bulk_parent (id)"
            " DEFERRABLE INITIALLY DEFERRED)"
        )
        cursor.execute("CREATE INDEX bulk_child_word ON bulk_child (word)")
        cursor.execute("CREATE UNIQUE INDEX bulk_child_one_open ON bulk_child (parent_id) WHERE open")
        cursor.execute("CREATE INDEX bulk_child_words ON bulk_child USING gin (to_tsvector('simple', word))")
        cursor.execute("INSERT INTO bulk_parent VALUES (1, 'a'), (2, 'b')")
    return secondary_indexes(TABLES), foreign_keys(TABLES)


def _insert(rows):
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO bulk_child VALUES (%s, %s, %s, %s)", rows)


def _say():
    said: list[str] = []
    return said, said.append


def test_the_load_runs_without_the_indexes_and_keys_and_ends_with_each_rebuilt(tables):
    indexes, keys = tables
    assert {name for name, _ in indexes} == {"bulk_child_word", "bulk_child_one_open", "bulk_child_words"}
    assert [name for _table, name, _ in keys] == ["bulk_child_parent_fk"]
    said, say = _say()
    with transaction.atomic(), upkeep_deferred(TABLES, say):
        assert secondary_indexes(TABLES) == [] and foreign_keys(TABLES) == []
        _insert([(n, f"word {n}", n == 1, 1 + n % 2) for n in range(1, 500)])
    assert secondary_indexes(TABLES) == indexes  # the same names and definitions
    assert foreign_keys(TABLES) == keys
    assert any("rebuilt index bulk_child_words" in line for line in said)
    with connection.cursor() as cursor:  # the rebuilt indexes answer queries
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SELECT count(*) FROM bulk_child WHERE to_tsvector('simple', word) @@ 'word'::tsquery")
        assert cursor.fetchone()[0] == 499


@pytest.mark.parametrize(
    "rows",
    [
        [(1, "a", False, 99)],  # a parent that does not exist
        [(1, "a", True, 1), (2, "b", True, 1)],  # two open children of one parent
    ],
    ids=["dangling-key", "duplicate"],
)
def test_a_load_that_breaks_a_key_or_a_unique_index_fails_and_rolls_back_whole(tables, rows):
    indexes, keys = tables
    with pytest.raises(IntegrityError), transaction.atomic(), upkeep_deferred(TABLES, _say()[1]):
        _insert(rows)
    assert secondary_indexes(TABLES) == indexes and foreign_keys(TABLES) == keys
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bulk_child")
        assert cursor.fetchone()[0] == 0
