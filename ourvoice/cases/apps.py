from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ourvoice.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The read-only audit log in the admin (cases/admin.py is the deadlines module's).
        from ourvoice.cases import admin_events, checks  # noqa: F401
