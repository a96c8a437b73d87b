from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonChannelConfig(AppConfig):
    name = "ourvoice.channels.common"
    label = "channels_common"
    verbose_name = _("Channels: conversations and citizen updates")

    def ready(self) -> None:
        from ourvoice.cases.signals import case_rated, case_status_changed, office_message_posted
        from ourvoice.channels.common.hooks import news_done, news_on_office_message, news_on_status
        from ourvoice.channels.common.models import Subscription
        from ourvoice.feedback.optins import optin_model_register

        case_status_changed.connect(news_on_status, dispatch_uid="channels.news_on_status")
        office_message_posted.connect(news_on_office_message, dispatch_uid="channels.news_on_message")
        case_rated.connect(news_done, dispatch_uid="channels.news_done")
        optin_model_register(Subscription)  # withdrawn with the receipt, removed at retention
