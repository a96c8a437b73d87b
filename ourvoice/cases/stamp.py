"""A stamp that changes whenever a case is written: the inbox's cached tab counts carry it in
their key, so a count is reused only while no case changed (``selectors.inbox_counts``).

``Case`` bumps it on every ORM write (save, delete, and its queryset's update, bulk writes and
delete); writes outside the ORM (the synthetic demo's COPY, a data migration) are caught by the
counts' time limit instead.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

KEY = "cases:written"


def cases_written() -> None:
    """Some case was created, changed or deleted: every cached tab count is out of date.

    Bumped now (the writer's next page, within its own transaction) and again at commit: a
    reader that counted between the two, without the uncommitted rows, cached its counts under
    the first stamp only.
    """
    cache.set(KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(KEY, uuid.uuid4().hex, timeout=None))


def cases_stamp() -> str:
    return str(cache.get(KEY) or "-")
