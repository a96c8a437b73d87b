from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "ourvoice.catalogue"
    label = "catalogue"
    verbose_name = _("Public services catalogue")
