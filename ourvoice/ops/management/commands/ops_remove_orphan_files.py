"""``manage.py ops_remove_orphan_files``: delete attachment files no report names (ourvoice/ops/files.py)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ourvoice.ops.files import orphan_files_remove


class Command(BaseCommand):
    help = "Delete stored attachment files that no report or message names (left by a crash)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=3600,
            help="Only files older than this many seconds (default 3600: never one still being submitted).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check = orphan_files_remove(
            older_than=datetime.timedelta(seconds=options["older_than"]), dry_run=options["dry_run"]
        )
        verb = "Would delete" if options["dry_run"] else "Deleted"
        for name in check.removed:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(check.removed)} orphan file(s).")
        for name in check.missing:
            self.stderr.write(f"Missing from storage (its row remains): {name}")
