"""``manage.py restore ARCHIVE``: restore a backup into an empty installation (ourvoice/ops/backup.py).

Applies the migrations first, so an empty database is enough; refuses a database that holds
reports or users and a file storage that holds files, and a backup of another code version;
verifies every checksum of the manifest before it writes anything.
"""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ourvoice.ops.backup import BackupError, backup_restore, default_jobs


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="PostgreSQL: tables restored in parallel by pg_restore (default: one per core, at most 8).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["archive"].is_file():
            raise CommandError(f"{options['archive']} is not a file.")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = backup_restore(
                path=options["archive"], progress=self.stderr.write, jobs=options["jobs"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database ({summary.kind}: {summary.rows.get('feedback.feedback', 0):,} "
            f"reports) and {summary.files:,} files ({summary.bytes:,} bytes) from {options['archive']}."
        )
