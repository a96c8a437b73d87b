"""``manage.py demo_synthesize --records N``: realistic synthetic reports (a thin wrapper of the service)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ourvoice.demo.services import DemoSeedError
from ourvoice.demo.synthetic import SynthesizeError, demo_synthesize


class Command(BaseCommand):
    help = (
        "Add N realistic synthetic reports with their cases, timelines and ratings (never in "
        "production; runs demo_seed first; needs geo_load and offices_generate)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--records", type=int, required=True, help="How many reports to add.")
        parser.add_argument("--months", type=int, default=36, help="Spread over the last N months (36).")
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for a repeatable spread.")
        parser.add_argument("--batch", type=int, default=20_000, help="Reports per transaction (20000).")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        bar = tqdm(total=options["records"], unit=" reports", disable=quiet, file=sys.stderr)
        say = (lambda _message: None) if quiet else (lambda message: bar.write(message, file=sys.stderr))
        try:
            result = demo_synthesize(
                records=options["records"],
                months=options["months"],
                seed=options["seed"],
                batch=options["batch"],
                progress=bar.update,
                say=say,
            )
        except (SynthesizeError, DemoSeedError) as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        if not quiet:
            rate = result.records / result.seconds if result.seconds else 0
            self.stdout.write(
                f"Added {result.records} synthetic reports with their cases, {result.events} case events "
                f"and {result.ratings} ratings in {result.seconds:.0f} s ({rate:.0f} reports/s). "
                "They cannot be tracked by receipt."
            )
