"""``manage.py apikey_create --name NAME [--rate N]``: issue an API key and print it, once."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ourvoice.apikeys.services import apikey_create


class Command(BaseCommand):
    help = "Issue an API key for an application (Open311 writes). Printed once; only its hash is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Who uses the key, and for what.")
        parser.add_argument(
            "--rate", type=int, default=None, help="Requests per minute (default: the setting)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            issued = apikey_create(name=options["name"], rate_per_minute=options["rate"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        api_key = issued.api_key
        self.stderr.write(
            f"Issued API key {api_key.prefix}… for “{api_key.name}”, {api_key.rate_per_minute} requests per "
            "minute. It is printed below once and cannot be shown again."
        )
        self.stdout.write(issued.key)
