"""Run the escalation of overdue cases by hand (the Huey worker runs it every 15 minutes)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ourvoice.cases.escalation import cases_escalate_overdue


class Command(BaseCommand):
    help = "Escalate every open case whose deadline is overdue one level up the oversight chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Treat this day (YYYY-MM-DD) as today; default: today in Asia/Phnom_Penh.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        moved = cases_escalate_overdue(today=options["date"])
        self.stdout.write(f"Escalated {len(moved)} case(s).")
