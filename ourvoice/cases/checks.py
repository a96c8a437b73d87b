"""Start-up check: PostgreSQL's trigram index must see Khmer letters (KHMER.md).

With a `C` LC_CTYPE, pg_trgm treats Khmer as non-word characters: `show_trgm('ក')` is empty, the
trigram index finds nothing and a search falls back to full scans. Django runs database checks
on `migrate` and `check --database default`.
"""

from typing import Any

from django.core import checks
from django.db import DatabaseError, connections


@checks.register(checks.Tags.database)
def trigram_sees_khmer(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT coalesce(array_length(show_trgm(%s), 1), 0)", ["ក"])
                trigrams = cursor.fetchone()[0]
        except DatabaseError:
            continue  # pg_trgm not installed yet: the search migration creates it
        if not trigrams:
            problems.append(
                checks.Error(
                    "PostgreSQL's trigram search does not see Khmer letters.",
                    hint="Create the database with a UTF-8 LC_CTYPE, e.g. "
                    "createdb --encoding UTF8 --locale C.UTF-8 --template template0 ourvoice",
                    id="ourvoice.E001",
                )
            )
    return problems
