from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ourvoice.cases"
    label = "cases"
