"""The API's documentation page, with nothing loaded from or sent to other hosts."""

import json
from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI from the sidecar's static files, without its online validator badge.

    By default Swagger UI shows a badge image fetched from validator.swagger.io with the schema's
    address in the query: every reader of the docs would be announced to a third party.
    ``validatorUrl: null`` turns it off (SECURITY.md: no request leaves for another host).
    """

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        ui_settings = response.data["settings"]
        if not isinstance(ui_settings, str) or not ui_settings.lstrip().startswith("{"):
            return response  # settings given as JavaScript: the project decides there
        response.data["settings"] = json.dumps({**json.loads(ui_settings), "validatorUrl": None}, indent=2)
        return response
