from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffChannelConfig(AppConfig):
    name = "ourvoice.channels.staff"
    # "staff" alone is too generic a label for an app among others.
    label = "channels_staff"
    verbose_name = _("Staff-entered intake")
