from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "ourvoice.catalogue"
    label = "catalogue"
    verbose_name = _("Public services catalogue")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ourvoice.catalogue.models import Service
        from ourvoice.catalogue.search import service_deleted, service_saved

        post_save.connect(service_saved, sender=Service, dispatch_uid="catalogue.service_saved")
        post_delete.connect(service_deleted, sender=Service, dispatch_uid="catalogue.service_deleted")
