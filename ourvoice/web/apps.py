from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ourvoice.web"
    label = "web"
