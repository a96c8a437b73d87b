"""``manage.py keys_rotate``: re-encrypt and re-key everything written under an older key.

Run it after putting the new key first in OURVOICE_ENCRYPTION_KEY / OURVOICE_HMAC_KEY /
OURVOICE_RECEIPT_PEPPER on every machine (docs/operations.md). By default it queues the work for
the workers (it runs in slices, in the background); ``--foreground`` does it here with progress.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ourvoice.ops.keys import keys_rotate, pending_targets
from ourvoice.ops.tasks import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt and re-key what is still under an older key (in the background by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--foreground", action="store_true", help="Do the work here, with progress.")
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Go on from where an interrupted rotation stopped (default: start from the first row).",
        )
        parser.add_argument("--status", action="store_true", help="Say what a rotation has still to walk.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            pending = list(pending_targets())
            self.stdout.write("Still to walk: " + ", ".join(pending) if pending else "Rotation finished.")
            return
        restart = not options["resume"]
        if options["foreground"]:
            results = keys_rotate(restart=restart, progress=self.stderr.write)
            rewritten = sum(done.rewritten for done in results.values())
            self.stdout.write(f"Rotation finished: {rewritten:,} values rewritten under the newest keys.")
            return
        rotate_keys(restart=restart)
        self.stdout.write("Rotation queued: the workers do it in slices (`keys_rotate --status`).")
