"""Deployment checks of our own (run by ``manage.py check --deploy``)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string


@register(Tags.security, deploy=True)
def csrf_middleware_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """CSRF protection is on: some middleware is Django's CsrfViewMiddleware or a subclass of it.

    Stands in for Django's security.W003, which production silences because it only knows the
    class by its name and we run a subclass (ourvoice/core/csrf.py).
    """
    for path in settings.MIDDLEWARE:
        middleware = import_string(path)
        if isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware):
            return []
    return [
        Error(
            "No CSRF middleware: add ourvoice.core.csrf.NoReferrerCsrfViewMiddleware to MIDDLEWARE.",
            id="ops.E001",
        )
    ]
