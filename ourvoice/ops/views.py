"""Endpoints for operations: metrics (not public), liveness and readiness (ops/metrics.py)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from ourvoice.ops.metrics import metrics_allowed, metrics_text, readiness


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format, for the token or an internal address; 404 for anyone else."""
    if not metrics_allowed(request):
        raise Http404
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)


@require_GET
@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """200 while the process answers at all (restart it when it does not); checks no dependency."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the queue answer; 503 (and which is down) otherwise."""
    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
