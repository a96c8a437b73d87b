from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "ourvoice.catalogue"
    label = "catalogue"
    verbose_name = _("Public services catalogue")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ourvoice.catalogue.models import PosterJob, Service
        from ourvoice.catalogue.search import service_deleted, service_saved
        from ourvoice.catalogue.tasks import run_posters
        from ourvoice.core.jobs import job_runner_register

        post_save.connect(service_saved, sender=Service, dispatch_uid="catalogue.service_saved")
        post_delete.connect(service_deleted, sender=Service, dispatch_uid="catalogue.service_deleted")
        job_runner_register(model=PosterJob, run=run_posters)
