from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramChannelConfig(AppConfig):
    name = "ourvoice.channels.telegram"
    label = "channels_telegram"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        from ourvoice.channels.common.base import adapter_register
        from ourvoice.channels.telegram.adapter import TelegramAdapter

        # Registered always; ``enabled()`` tells whether it is configured: until then the webhook
        # answers 404 and no update is sent through it.
        adapter_register(TelegramAdapter())
