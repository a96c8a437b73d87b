"""Point Telegram at this server's webhook, with the secret token, and list the bot's commands."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from ourvoice.channels.telegram import api

COMMANDS = ("new", "status", "cancel", "language", "help", "forget")


class Command(BaseCommand):
    help = "Call setWebhook with TELEGRAM_WEBHOOK_SECRET, and setMyCommands in Khmer and English."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            default="",
            help="The public https address of the webhook (default: OURVOICE_SITE_URL + the webhook path).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not api.telegram_configured():
            raise CommandError(
                "Set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first (see docs/channels.md)."
            )
        url = options["url"] or settings.OURVOICE_SITE_URL.rstrip("/") + reverse("telegram:webhook")
        try:
            api.call(
                "setWebhook",
                url=url,
                secret_token=settings.TELEGRAM_WEBHOOK_SECRET,
                allowed_updates=["message", "callback_query"],
                drop_pending_updates=False,
            )
            for language in ("km", "en"):
                api.call(
                    "setMyCommands",
                    commands=_commands(language),
                    **({"language_code": language} if language != "km" else {}),
                )
        except api.ChannelHttpError as error:
            raise CommandError(f"Telegram refused: {error}") from None
        self.stdout.write(f"Webhook set to {url}")


def _commands(language: str) -> list[dict[str, str]]:
    descriptions = {
        "new": gettext_lazy("New report"),
        "status": gettext_lazy("Follow a case"),
        "cancel": gettext_lazy("Cancel"),
        "language": gettext_lazy("Language"),
        "help": gettext_lazy("Help"),
        "forget": gettext_lazy("Forget this chat"),
    }
    with translation.override(language):
        return [{"command": c, "description": str(descriptions[c])} for c in COMMANDS]
