"""``manage.py analytics_report --year Y --quarter Q [--province CODE] [--language km|en]``:
render quarterly reports into the default storage, as the scheduled task does."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ourvoice.analytics.models import Level
from ourvoice.analytics.report_files import LANGUAGES, reports_store_all
from ourvoice.analytics.report_format import Quarter
from ourvoice.analytics.scope import Area
from ourvoice.geo.models import Province


class Command(BaseCommand):
    help = "Render the quarterly PDF reports (the nation and every province, or one province)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True)
        parser.add_argument("--quarter", required=True, help="1 to 4")
        parser.add_argument("--province", default="", help="a province code; default: the nation and all")
        parser.add_argument("--language", choices=LANGUAGES, help="default: Khmer and English")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quarter = Quarter.parse(str(options["year"]), str(options["quarter"]))
        except ValueError as error:
            raise CommandError("Give a year and a quarter from 1 to 4.") from error
        areas = None
        if options["province"]:
            if not Province.objects.filter(pk=options["province"]).exists():
                raise CommandError(f"No province with the code {options['province']!r}.")
            areas = [Area(Level.PROVINCE, options["province"])]
        languages = (options["language"],) if options["language"] else LANGUAGES
        for path in reports_store_all(quarter=quarter, areas=areas, languages=languages):
            self.stdout.write(path)
