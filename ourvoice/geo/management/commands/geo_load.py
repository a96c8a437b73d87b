"""``manage.py geo_load``: load or refresh the shipped gazetteer (a thin wrapper of the service)."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ourvoice.geo.services import DATA_DIR, GazetteerError, gazetteer_load


class Command(BaseCommand):
    help = "Load Cambodia's provinces, districts, communes and villages (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bars and no summary.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compare every place even when these files were loaded last time (after admin edits).",
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with provinces.csv, districts.csv, communes.csv, villages.csv and aliases.csv.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        # Progress bars only for a person at a terminal: in logs and CI they are noise.
        progress = not quiet and sys.stderr.isatty()
        try:
            result = gazetteer_load(data_dir=options["data_dir"], progress=progress, force=options["force"])
        except (GazetteerError, OSError) as error:
            raise CommandError(str(error)) from error
        if quiet:
            return
        if result.skipped:
            self.stdout.write(_("The gazetteer is up to date (these files were loaded last time)."))
            return
        for level, counts in result.levels.items():
            self.stdout.write(
                _("%(level)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "level": level,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
            if counts.not_in_files:
                self.stdout.write(
                    self.style.WARNING(
                        _("%(level)s: %(count)d in the database but no longer in the files (kept)")
                        % {"level": level, "count": counts.not_in_files}
                    )
                )
