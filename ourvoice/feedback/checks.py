"""Start-up check: the retention period is a positive number of days (SECURITY.md C5)."""

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register()
def retention_days_positive(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    days = getattr(settings, "RETENTION_DAYS", None)
    if isinstance(days, int) and not isinstance(days, bool) and days >= 1:
        return []
    return [
        checks.Error(
            "OURVOICE_RETENTION_DAYS must be a whole number of days, 1 or more.",
            hint="See .env.example; the default is 365.",
            id="ourvoice.E002",
        )
    ]
