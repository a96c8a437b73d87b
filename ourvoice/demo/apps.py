from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "ourvoice.demo"
    label = "demo"
    verbose_name = _("Demo")

    def ready(self) -> None:
        # Pages of figures say so when synthetic reports are among them (core/notices.py).
        from ourvoice.core.notices import register
        from ourvoice.demo.history import synthetic_notice

        register(synthetic_notice)
