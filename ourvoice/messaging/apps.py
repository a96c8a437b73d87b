from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "ourvoice.messaging"
    label = "messaging"
