"""The API's documentation page, with nothing loaded from or sent to other hosts, under the CSP.

drf-spectacular's split view serves the page and its start-up script at two addresses
(``/api/v1/docs/`` and ``/api/v1/docs/?script=``), so the page needs no inline script and the
Content-Security-Policy can refuse every inline script (SECURITY.md F2). Our template also moves
the page's inline ``<style>`` to a static stylesheet (``style-src 'self'``).
"""

import json
from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar's static files, without its online validator badge.

    By default Swagger UI shows a badge image fetched from validator.swagger.io with the schema's
    address in the query: every reader of the docs would be announced to a third party.
    ``validatorUrl: null`` in the start-up script turns it off (SECURITY.md: no request leaves for
    another host).
    """

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            return response  # the page: it loads the script below from this same address
        ui_settings = response.data["settings"]
        if not isinstance(ui_settings, str) or not ui_settings.lstrip().startswith("{"):
            return response  # settings given as JavaScript: the project decides there
        response.data["settings"] = json.dumps({**json.loads(ui_settings), "validatorUrl": None}, indent=2)
        return response
