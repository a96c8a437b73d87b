from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebPushChannelConfig(AppConfig):
    name = "ourvoice.channels.webpush"
    label = "channels_webpush"
    verbose_name = _("Web Push")

    def ready(self) -> None:
        from ourvoice.channels.common.base import adapter_register
        from ourvoice.channels.webpush.adapter import WebPushAdapter

        # Registered always; ``enabled()`` says whether VAPID keys are configured.
        adapter_register(WebPushAdapter())
