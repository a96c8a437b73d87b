"""``manage.py open311_services_table``: rewrite the services table of docs/api.md from the data."""

from typing import Any

from django.core.management.base import BaseCommand

from ourvoice.open311.docs import API_DOC, with_table


class Command(BaseCommand):
    help = "Rewrite the table of Open311 services (Khmer and English names) in docs/api.md."

    def handle(self, *args: Any, **options: Any) -> None:
        API_DOC.write_text(with_table(API_DOC.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"Updated {API_DOC}")
