"""Build the office-and-trigram search index now, after a restore or a bulk load (the worker does
it by itself within 10 minutes; cases/search.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from ourvoice.cases.search import OFFICE_TRIGRAM_INDEX, office_trigram_index_build, office_trigram_index_ready


class Command(BaseCommand):
    help = "Build the search index that restores and bulk loads leave to the worker, if it is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        built = office_trigram_index_build(say=self.stdout.write)
        if not built:
            state = (
                "ready"
                if office_trigram_index_ready()
                else "not built (SQLite, or another process is building it)"
            )
            self.stdout.write(f"{OFFICE_TRIGRAM_INDEX}: {state}.")
