"""``manage.py demo_seed``: pilot flags and one demo account per role (a thin wrapper of the service)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ourvoice.demo.services import DEMO_PASSWORD, DemoSeedError, demo_seed
from ourvoice.demo.totp import DEMO_TOTP_SECRET, totp_code


class Command(BaseCommand):
    help = "Mark the pilot and create the demo staff accounts (never in production; safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_seed()
        except DemoSeedError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        write = self.stdout.write
        write(f"Pilot: {result.pilot_provinces} provinces, {result.pilot_offices} offices.")
        rows = [("Username", "Role", "Office or province", "Account")]
        for account in result.accounts:
            place = account.office or account.province
            status = "created" if account.created else "already there (kept as it is)"
            rows.append((account.username, account.role, place.name_en if place else "-", status))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for n, row in enumerate(rows):
            write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                write("  ".join("-" * width for width in widths))
        write("")
        write(f"Password of every demo account:  {DEMO_PASSWORD}")
        write(f"TOTP secret (add it to an authenticator app as a setup key):  {DEMO_TOTP_SECRET}")
        write(
            f"Code right now:  {totp_code(DEMO_TOTP_SECRET)}  (it changes every 30 seconds; "
            "`python -m ourvoice.demo.totp` prints the current one)"
        )
        write(f"Open311 demo API key (demo only, published):  {result.api_key}")
        write(f"Demo reports: {result.demo_reports} (Open311: /open311/v2/requests.json)")
        write(f"Accounts written to {result.accounts_file}")
