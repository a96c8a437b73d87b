from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "ourvoice.feedback"
    label = "feedback"

    def ready(self) -> None:
        from ourvoice.feedback import checks  # noqa: F401 (registers the retention check)
