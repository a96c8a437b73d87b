"""Remove the content of reports past the retention period by hand (the worker runs it daily)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ourvoice.feedback.retention import feedback_purge_expired
from ourvoice.feedback.selectors import expired_counts


class Command(BaseCommand):
    help = (
        "Remove the contact details, files and texts of closed, rejected or resolved reports whose "
        "case has not changed for OURVOICE_RETENTION_DAYS days (SECURITY.md C5)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["dry_run"]:
            counts = expired_counts(now=now)
            self.stdout.write(
                f"Retention period: {settings.RETENTION_DAYS} days. Would remove the content of "
                f"{counts['reports']} report(s): {counts['files']} file(s), {counts['messages']} message "
                f"text(s), {counts['contacts']} contact detail(s), {counts['opt_ins']} opt-in(s) to updates."
            )
            return
        purged = feedback_purge_expired(now=now)
        self.stdout.write(f"Removed the content of {purged} report(s) past {settings.RETENTION_DAYS} days.")
