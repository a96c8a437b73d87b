"""Loading millions of rows into PostgreSQL: drop what each row would keep up to date, rebuild once.

A bulk INSERT keeps every secondary index up to date row by row (the search's GIN indexes most
of all) and queues one foreign-key check per row and key; building an index, or validating a
foreign key, once over the loaded table is many times faster. pg_restore does the same. Used by
the demo's synthetic history and by the portable archive's restore. PostgreSQL only.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

Say = Callable[[str], None]


def secondary_indexes(tables: Iterable[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of every index of ``tables`` that no constraint owns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema()"
            " AND tablename = ANY(%s) AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
            " ORDER BY indexname",
            [list(tables)],
        )
        return list(cursor.fetchall())


def foreign_keys(tables: Iterable[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of every foreign key declared on ``tables``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
            " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
            " WHERE c.contype = 'f' AND t.relname = ANY(%s)"
            " AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2",
            [list(tables)],
        )
        return list(cursor.fetchall())


def drop_indexes(indexes: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def rebuild_indexes(indexes: list[tuple[str, str]], say: Say, *, builders: int = 1) -> None:
    """Build ``indexes`` from their definitions, the biggest kinds (trigram, events) first.

    With ``builders`` > 1 each builder is a thread with a connection of its own, so it only sees
    committed tables: never inside a transaction that loaded them.
    """
    if builders > 1 and connection.in_atomic_block:
        raise RuntimeError("Parallel index builds cannot see this transaction's rows.")
    pending = queue.SimpleQueue[tuple[str, str]]()
    for index in sorted(indexes, key=lambda i: ("trgm" not in i[0], "caseevent" not in i[0], i[0])):
        pending.put(index)
    failed: list[BaseException] = []

    def build() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                while not failed:
                    try:
                        name, definition = pending.get_nowait()
                    except queue.Empty:
                        return
                    started = time.monotonic()
                    cursor.execute(definition)
                    say(f"rebuilt index {name} ({time.monotonic() - started:.0f} s)")
        except BaseException as error:
            failed.append(error)
        finally:
            if builders > 1:
                connection.close()

    if builders == 1:
        build()
        if not failed:
            with connection.cursor() as cursor:
                cursor.execute("RESET maintenance_work_mem")
    else:
        threads = [threading.Thread(target=build) for _ in range(builders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failed:
        raise failed[0]
    names = [name for name, _definition in indexes]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY(%s)",
            [names],
        )
        if missing := set(names) - {row[0] for row in cursor.fetchall()}:
            raise RuntimeError(f"Indexes not rebuilt: {sorted(missing)}")


@contextmanager
def upkeep_deferred(tables: Iterable[str], say: Say, *, later: Collection[str] = ()) -> Iterator[None]:
    """Inside one transaction: drop the secondary indexes and foreign keys of ``tables`` and turn
    their row triggers off, let the caller load, then build each index and validate each foreign
    key once over the loaded rows and turn the triggers back on.

    Rows come as they were stored: what a trigger would derive from them row by row (the reports'
    handling office) the caller fills in one statement before leaving the block. Nothing to undo
    on failure: the transaction's rollback brings the indexes, keys and triggers back. The indexes
    named in ``later`` are dropped and not built: the caller has them built afterwards.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("upkeep_deferred needs a transaction (its rollback restores the indexes).")
    tables = list(tables)
    indexes, keys = secondary_indexes(tables), foreign_keys(tables)
    say(f"bulk load: {len(indexes)} secondary indexes and {len(keys)} foreign keys deferred to the end")
    drop_indexes(indexes)
    with connection.cursor() as cursor:
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    yield
    rebuild_indexes([index for index in indexes if index[0] not in later], say)
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            # Validated here in one pass over the table (a join), not one lookup per row.
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
    say(f"bulk load: {len(keys)} foreign keys validated")
