"""Password sign-in that refuses, in production, the passwords published with the code (the demo
accounts' password, ourvoice/core/published.py): a database that ever received a demo seed, or an
account someone gave that password, must not open in production (issue 15)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from ourvoice.core.published import published_values


class NoPublishedPasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if settings.OURVOICE_ENV == "production" and password in published_values():
            # Spend the same work as a wrong password, so the refusal tells nothing (E3).
            super().authenticate(request, username=username, password=f"{password}\n", **kwargs)
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
