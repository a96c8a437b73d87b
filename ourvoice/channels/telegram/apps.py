from django.apps import AppConfig


class TelegramChannelConfig(AppConfig):
    name = "ourvoice.channels.telegram"
    label = "channels_telegram"
    verbose_name = "Telegram bot"

    def ready(self) -> None:
        from ourvoice.channels.common.base import adapter_register
        from ourvoice.channels.telegram.adapter import TelegramAdapter

        # Registered always; ``notify`` is reached only for subscriptions made through the bot,
        # and the webhook itself refuses to work (404) while the bot is not configured.
        adapter_register(TelegramAdapter())
