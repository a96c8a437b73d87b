"""``manage.py backup ARCHIVE``: the database and every stored file in one archive (ops/backup.py).

PostgreSQL: ``pg_dump`` (directory format, ``--jobs`` in parallel) of one snapshot; SQLite: its
online backup API; ``--portable``: rows as JSON lines, only to move a pilot from SQLite to
PostgreSQL.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ourvoice.ops.backup import BackupError, backup_create, default_jobs


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the stored files to one archive (.tar)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="Where to write the archive, e.g. ourvoice-2026-11-30.tar"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="PostgreSQL: tables dumped in parallel (default: one per core, at most 8).",
        )
        parser.add_argument(
            "--portable",
            action="store_true",
            help="Rows as JSON lines, restorable into another engine (to move a pilot from SQLite "
            "to PostgreSQL); much slower than the default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(
                path=options["archive"],
                progress=self.stderr.write,
                portable=options["portable"],
                jobs=options["jobs"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the database ({summary.kind}: {summary.rows.get('feedback.feedback', 0):,} "
            f"reports) and {summary.files:,} files ({summary.bytes:,} bytes) to {options['archive']}."
        )
