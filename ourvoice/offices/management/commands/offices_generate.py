"""``manage.py offices_generate``: create the country's offices (a thin wrapper of the service)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.services import offices_generate


class Command(BaseCommand):
    help = "Create every office of every type from the loaded gazetteer (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bars and no summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Commune.objects.exists():
            raise CommandError(_("The gazetteer is empty: run `manage.py geo_load` first."))
        quiet = options["quiet"] or options["verbosity"] == 0
        # Progress bars only for a person at a terminal: in logs and CI they are noise.
        result = offices_generate(progress=not quiet and sys.stderr.isatty())
        if quiet:
            return
        for office_type, counts in result.types.items():
            self.stdout.write(
                _("%(type)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "type": Office.Type(office_type).label,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
