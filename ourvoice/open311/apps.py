from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "ourvoice.open311"
    label = "open311"
