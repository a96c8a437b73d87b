"""``manage.py demo_history``: the synthetic history `make run` fills the demo with (a thin wrapper)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ourvoice.demo.history import DEFAULT_MONTHS, DEFAULT_RECORDS, demo_history, logger
from ourvoice.demo.services import DemoSeedError
from ourvoice.demo.synthetic import SynthesizeError


class Command(BaseCommand):
    help = (
        "Fill the demo once with a synthetic history (reports, cases, ratings over the last months) "
        "and build the rollups; run again, it keeps what is there (never in production)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--records", type=int, default=DEFAULT_RECORDS, help="Reports (0: none).")
        parser.add_argument("--months", type=int, default=DEFAULT_MONTHS, help="Over the last N months.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        try:
            result = demo_history(
                records=options["records"],
                months=options["months"],
                say=(lambda _m: None) if quiet else logger.info,  # timestamped lines, as the worker's
            )
        except (SynthesizeError, DemoSeedError) as error:
            raise CommandError(str(error)) from error
        if result.kept and not quiet and result.target:
            logger.info(f"Synthetic demo history: {result.made:,} reports, already there (kept).")
