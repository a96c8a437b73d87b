from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "ourvoice.analytics"
    verbose_name = _("Analytics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ourvoice.analytics.exports_tasks import run_export
        from ourvoice.analytics.models import ExportJob
        from ourvoice.core.jobs import job_runner_register

        job_runner_register(model=ExportJob, run=run_export)
