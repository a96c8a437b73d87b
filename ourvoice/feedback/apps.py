from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "ourvoice.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from ourvoice.feedback import checks  # noqa: F401 (registers the retention check)
