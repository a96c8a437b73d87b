"""What ``collectstatic`` gathers: every app's static files but those no page of ours loads.

The browsable API is off (JSON only), so DRF's Bootstrap files are never served, and the API
docs use Swagger UI, not Redoc. Collecting them cost most of `make run`'s start-up: WhiteNoise
compresses every collected file twice (gzip and Brotli). Finding a single file (the test
server, ``findstatic``) is unchanged.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.staticfiles import finders

UNUSED = ["rest_framework", "redoc"]


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    def list(self, ignore_patterns: Iterable[str] | None) -> Iterable[Any]:
        return super().list([*(ignore_patterns or []), *UNUSED])
