from django.apps import AppConfig


class CommonChannelConfig(AppConfig):
    name = "ourvoice.channels.common"
    label = "channels_common"
    verbose_name = "Channels: conversations and citizen updates"
