from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "ourvoice.feedback"
    label = "feedback"
