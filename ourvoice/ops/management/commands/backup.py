"""``manage.py backup ARCHIVE``: the database and every stored file in one archive (ops/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ourvoice.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the stored files to one archive (.tar)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="Where to write the archive, e.g. ourvoice-2026-11-30.tar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(path=options["archive"], progress=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {sum(summary.rows.values()):,} rows and {summary.files:,} files "
            f"({summary.bytes:,} bytes) to {options['archive']}."
        )
