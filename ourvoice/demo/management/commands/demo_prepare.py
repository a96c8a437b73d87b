"""``manage.py demo_prepare``: everything `make run` does before serving, in one process.

migrate, static files (only when a source changed), the gazetteer, the offices and the demo
accounts, each skipping fast when done; one process instead of five saves a Python and Django
start-up each (about 1.5 s apiece on the 2-core machine). The synthetic history is made beside
the running site (Procfile's ``demo``: ``manage.py demo_history``).
"""

import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ourvoice.core.staticfiles import collect_if_changed


class Command(BaseCommand):
    help = "Migrate, collect static files if they changed, load places and offices, seed the demo."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        steps: list[tuple[str, Callable[[], object]]] = [
            ("migrations", lambda: call_command("migrate", interactive=False, verbosity=0)),
            ("static files", collect_if_changed),
            ("gazetteer", lambda: call_command("geo_load", quiet=True, verbosity=0)),
            ("offices", lambda: call_command("offices_generate", quiet=True, verbosity=0)),
            ("demo accounts", lambda: call_command("demo_seed", verbosity=verbosity, stdout=self.stdout)),
        ]
        timings = []
        for name, step in steps:
            started = time.monotonic()
            step()
            timings.append(f"{name} {time.monotonic() - started:.1f} s")
        if verbosity:
            self.stdout.write("Prepared: " + ", ".join(timings) + ".")
