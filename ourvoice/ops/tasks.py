"""Background work for operations: thin wrappers, safe to run twice and on several workers."""

import logging

from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from ourvoice.ops.files import orphan_files_remove
from ourvoice.ops.keys import keys_rotate, pending_targets
from ourvoice.ops.metrics import task_failure_counted

logger = logging.getLogger(__name__)
# Batches one task runs before it queues the next: other tasks get the worker in between.
ROTATION_SLICE = 20


@db_periodic_task(crontab(hour="3", minute="17"))
def remove_orphan_files() -> int:
    """Every night: delete attachment files that no report names (left by a crash)."""
    return len(orphan_files_remove().removed)


@db_task()
def rotate_keys(restart: bool = False) -> bool:
    """Re-encrypt and re-key a slice of rows (ops/keys.py), then queue the next slice; True when done.

    Resumable: the position is kept in the cache, so a slice lost with its worker is taken up by
    ``manage.py keys_rotate --resume``."""
    results = keys_rotate(restart=restart, max_batches=ROTATION_SLICE)
    for name, done in results.items():
        logger.info("key rotation: %s: %d seen, %d rewritten", name, done.seen, done.rewritten)
    if any(True for _ in pending_targets()):
        rotate_keys()
        return False
    logger.info("key rotation: finished")
    return True


@HUEY.signal(signals.SIGNAL_ERROR)
def count_task_failure(signal: str, task: object, exc: BaseException | None = None) -> None:
    """Every task that raised, by name (ourvoice_task_failures{task} on /ops/metrics)."""
    task_failure_counted(getattr(task, "name", "unknown"))
