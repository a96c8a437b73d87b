from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class CoreConfig(AppConfig):
    name = "ourvoice.core"
    label = "core"


class StaticFilesConfig(DjangoStaticFilesConfig):
    """``collectstatic`` leaves out what no page of ours loads.

    The browsable API is off (JSON only), so DRF's Bootstrap files are never served, and the API
    docs use Swagger UI, not Redoc. Collecting them cost most of `make run`'s start-up: WhiteNoise
    compresses every collected file twice (gzip and Brotli).
    """

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "rest_framework", "redoc"]
