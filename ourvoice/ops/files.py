"""Stored attachments without a row: what a crash between writing a file and committing leaves.

A report's files are written before its transaction (SECURITY.md G1), and removed if the
transaction fails; a process killed in between cannot remove them. Such a file belongs to no
report and nobody can read it (it is encrypted and no row names it), but it takes space and must
not linger: ``orphan_files_remove`` deletes attachment files that no row names, once they are
older than a grace period (a submission in flight has written its files but not yet committed).
The Huey worker runs it daily; ``manage.py ops_remove_orphan_files`` runs it by hand.
"""

import datetime
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils import timezone

from ourvoice.feedback.models import Attachment
from ourvoice.ops.backup import storage_names

ATTACHMENTS = "attachments"
DEFAULT_GRACE = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class FileCheck:
    removed: list[str]
    # Rows whose file is missing from storage: nothing can bring it back; reported for the operator.
    missing: list[str]


def orphan_files_remove(
    *, older_than: datetime.timedelta = DEFAULT_GRACE, dry_run: bool = False
) -> FileCheck:
    """Delete attachment files no row names and older than ``older_than``; report rows without file."""
    cutoff = timezone.now() - older_than
    stored = {name.removeprefix(ATTACHMENTS + "/") for name in storage_names(default_storage, ATTACHMENTS)}
    known = set(Attachment.objects.values_list("stored_name", flat=True))
    removed = []
    for name in sorted(stored - known):
        path = f"{ATTACHMENTS}/{name}"
        if default_storage.get_modified_time(path) > cutoff:
            continue  # perhaps a submission that has not committed yet
        # Read the rows again: a report may have committed since the first look.
        if Attachment.objects.filter(stored_name=name).exists():
            continue
        if not dry_run:
            default_storage.delete(path)
        removed.append(path)
    missing = sorted(f"{ATTACHMENTS}/{name}" for name in known - stored)
    return FileCheck(removed=removed, missing=missing)
