"""``manage.py catalogue_posters``: the QR posters of a district or a province into one PDF file,
without a web request's time limit (the admin prints the same; see catalogue/README.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ourvoice.catalogue.posters import poster_offices, posters_pdf


class Command(BaseCommand):
    help = "Write the QR posters (one A4 page per office) of a district or a province to a PDF file."

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--province", help="Province code, e.g. 17")
        where.add_argument("--district", help="District code, e.g. 1710")
        parser.add_argument("--output", required=True, type=Path, help="The PDF file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        offices = poster_offices(province_id=options["province"], district_id=options["district"])
        if not offices:
            raise CommandError(_("No office in this district or province."))
        options["output"].write_bytes(posters_pdf(offices=offices))
        self.stdout.write(
            _("%(count)d posters written to %(path)s") % {"count": len(offices), "path": options["output"]}
        )
