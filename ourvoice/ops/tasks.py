"""Background work for operations: thin wrappers, safe to run twice and on several workers."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ourvoice.ops.files import orphan_files_remove


@db_periodic_task(crontab(hour="3", minute="17"))
def remove_orphan_files() -> int:
    """Every night: delete attachment files that no report names (left by a crash)."""
    return len(orphan_files_remove().removed)
