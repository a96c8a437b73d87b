from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsChannelConfig(AppConfig):
    name = "ourvoice.channels.sms"
    label = "channels_sms"
    verbose_name = _("SMS gateway")

    def ready(self) -> None:
        from ourvoice.channels.common.base import adapter_register
        from ourvoice.channels.sms.adapter import SmsAdapter

        adapter_register(SmsAdapter())
