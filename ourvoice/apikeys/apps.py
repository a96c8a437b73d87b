from django.apps import AppConfig


class ApiKeysConfig(AppConfig):
    name = "ourvoice.apikeys"
    label = "apikeys"
