from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ourvoice.api"
    label = "api"
