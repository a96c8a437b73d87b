from django.apps import AppConfig


class SmsChannelConfig(AppConfig):
    name = "ourvoice.channels.sms"
    label = "channels_sms"
    verbose_name = "SMS gateway"

    def ready(self) -> None:
        from ourvoice.channels.common.base import adapter_register
        from ourvoice.channels.sms.adapter import SmsAdapter

        adapter_register(SmsAdapter())
