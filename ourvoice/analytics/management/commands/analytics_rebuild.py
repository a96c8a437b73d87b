"""``manage.py analytics_rebuild``: recompute every rollup from the raw tables, with progress."""

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from ourvoice.analytics.services import analytics_rebuild


class Command(BaseCommand):
    help = "Recompute the analytics rollups from all reports and cases (safe to run at any time)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes computing partitions at once (PostgreSQL only; e.g. the number of cores).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = tqdm(unit=" partitions", disable=options["verbosity"] == 0, file=self.stderr)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        partitions = analytics_rebuild(progress=progress, workers=max(1, options["workers"]))
        bar.close()
        self.stdout.write(f"Rebuilt {partitions} province-months.")
