from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonChannelConfig(AppConfig):
    name = "ourvoice.channels.common"
    label = "channels_common"
    verbose_name = _("Channels: conversations and citizen updates")
