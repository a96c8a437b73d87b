"""Stamps that change whenever a case is written: the inbox's cached tab counts carry them in
their key, so a count is reused only while no case in the reader's scope changed
(``selectors.inbox_counts``).

One stamp per office (bumped for the office a case is at and the one it left) and one for every
office (bumped by a bulk write whose offices are not known). A scope of up to ``SCOPE_STAMPS``
offices reads its offices' stamps; a larger one (a province, the nation) reads only the global
stamp, so a case written there shows in its counts after the counts' time limit, not at once:
at national scale some case is written every few seconds, and recounting the whole country at
each of them would keep nothing. ``Case`` bumps the stamps on every ORM write (save, delete, its
queryset's update, bulk writes and delete); a write outside the ORM (the synthetic demo's COPY,
a data migration) is caught by the time limit.
"""

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GLOBAL_KEY = "cases:written"
SCOPE_STAMPS = 50


def _office_key(office_id: int) -> str:
    return f"cases:written:{office_id}"


def cases_written(office_ids: Iterable[int | None] | None = None) -> None:
    """Cases at ``office_ids`` (None: at any office) were created, changed or deleted.

    Bumped now (the writer's next page, within its own transaction) and again at commit: a
    reader that counted between the two, without the uncommitted rows, cached its counts under
    the first stamp only.
    """
    keys = [GLOBAL_KEY] if office_ids is None else [_office_key(pk) for pk in set(office_ids) if pk]

    def bump() -> None:
        try:
            cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), timeout=None)
        except Exception:  # a cache outage must never stop a case being written
            logger.warning("Could not mark cached tab counts out of date; they expire within a minute.")

    bump()
    transaction.on_commit(bump)


def cases_stamp(office_ids: list[int] | None) -> str:
    """The stamp of a scope: of its offices when there are at most ``SCOPE_STAMPS`` (None: every office)."""
    keys = [GLOBAL_KEY]
    if office_ids is not None and len(office_ids) <= SCOPE_STAMPS:
        keys += [_office_key(pk) for pk in sorted(office_ids)]
    stamps = cache.get_many(keys)
    return ".".join(str(stamps.get(key, "-")) for key in keys)
