from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "ourvoice.geo"
    label = "geo"
