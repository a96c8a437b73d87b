from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ourvoice.demo"
    label = "demo"
