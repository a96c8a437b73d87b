from django.apps import AppConfig


class StaffChannelConfig(AppConfig):
    name = "ourvoice.channels.staff"
    # "staff" alone is too generic a label for an app among others.
    label = "channels_staff"
    verbose_name = "Staff-entered intake"
