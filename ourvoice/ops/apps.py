from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ourvoice.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        import logging

        from django.conf import settings

        from ourvoice.cases.signals import case_escalated
        from ourvoice.ops import (
            checks,  # noqa: F401 - registers the deployment checks
            tasks,  # noqa: F401 - counts task failures in every process (metrics)
        )
        from ourvoice.ops.metrics import escalation_received

        case_escalated.connect(escalation_received, dispatch_uid="ops.escalation_counted")

        if getattr(settings, "LOG_FORMAT", "plain") == "json":
            # Python warnings go through logging too, so that every line is JSON.
            logging.captureWarnings(True)
