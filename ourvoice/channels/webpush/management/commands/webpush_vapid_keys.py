"""Print a new VAPID key pair for this deployment's Web Push (docs/app.md)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.test import override_settings

from ourvoice.channels.webpush.vapid import vapid_new_private_key, vapid_public_key


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push: put the private key in WEBPUSH_VAPID_PRIVATE_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        private = vapid_new_private_key()
        with override_settings(WEBPUSH_VAPID_PRIVATE_KEY=private):
            public = vapid_public_key()
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private}\n")
        self.stdout.write(f"# public key (sent to browsers, derived from the private key): {public}\n")
        self.stdout.write(
            "# Keep the private key secret and stable: a new key makes every existing subscription fail.\n"
        )
