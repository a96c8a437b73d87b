from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "ourvoice.offices"
    label = "offices"
