"""What an operations team watches (issue 19, point 5): Prometheus metrics, liveness, readiness.

``/ops/metrics`` serves the Prometheus text format (prometheus-client). It is not public: it
answers only a request with ``Authorization: Bearer $OURVOICE_METRICS_TOKEN`` or from an address in
``OURVOICE_METRICS_NETWORKS`` (an internal network that reaches the node directly, not through the
public proxy), and 404 to anyone else, as if it did not exist.

No label can identify a citizen, a case or a receipt: requests are labelled by the **route name**
(``cases:case_detail``), never by the path (which holds ids), with the method and the status class
(``2xx``); everything else is a count per case level, per task name or per status. The test
``test_metrics.py`` visits pages with ids and receipts and checks that none reaches a label.

Three kinds of figure:
- **this process**: requests and their latency per view, errors (``ourvoice_http_*``), kept by
  prometheus-client. With several gunicorn workers per node set ``PROMETHEUS_MULTIPROC_DIR`` (an
  empty folder per node, emptied at start): the figures of every worker are then added up;
- **across processes** (what Huey workers do: escalations, task failures): counters kept in the
  shared cache (Redis in production), incremented after the commit of what they count;
- **the database and the queue**, read when scraped and cached for ``METRICS_CACHE_SECONDS``: open
  and overdue cases (deadline breaches) per level, the e-mail notification backlog, queued tasks.
"""

import ipaddress
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
LEVELS = range(0, 8)  # 0 at the first office; the oversight chain is never deeper
SHARED_PREFIX = "ops:metric:"
SHARED_SECONDS = None  # never expire (a Redis restart resets them: Prometheus sees a reset)
DATABASE_CACHE_KEY = "ops:metrics:database"

REQUESTS = Counter(
    "ourvoice_http_requests",
    "HTTP requests by route name, method and status class.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "ourvoice_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ERRORS = Counter("ourvoice_http_errors", "HTTP responses with a 5xx status, by route name.", ["view"])


def view_label(request: HttpRequest) -> str:
    """The route name of the request: never the path, which holds case ids."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or "unnamed"


class MetricsMiddleware:
    """Counts every request by route name (outermost, so the whole answer is timed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        method = request.method if request.method in METHODS else "OTHER"
        REQUESTS.labels(view=view, method=method, status=f"{response.status_code // 100}xx").inc()
        LATENCY.labels(view=view).observe(time.perf_counter() - started)
        if response.status_code >= 500:
            ERRORS.labels(view=view).inc()
        return response


# --- Counters shared by every process (web nodes and workers) --------------------------------


def _shared_key(name: str, label: str) -> str:
    return f"{SHARED_PREFIX}{name}:{label}"


def shared_increment(name: str, label: str) -> None:
    """Add one to a counter every process sees (the cache); never raises."""
    key = _shared_key(name, label)
    try:
        cache.add(key, 0, SHARED_SECONDS)
        cache.incr(key)
        known = cache.get(f"{SHARED_PREFIX}{name}:labels") or []
        if label not in known:
            cache.set(f"{SHARED_PREFIX}{name}:labels", sorted({*known, label}), SHARED_SECONDS)
    except Exception:  # noqa: S110 (a metric must never break the work it counts)
        pass


def _shared(name: str) -> dict[str, int]:
    labels = cache.get(f"{SHARED_PREFIX}{name}:labels") or []
    values = cache.get_many([_shared_key(name, label) for label in labels])
    return {label: int(values.get(_shared_key(name, label), 0)) for label in labels}


def escalation_counted(level: int) -> None:
    shared_increment("escalations", str(level))


def escalation_received(sender: object, *, level: int, **kwargs: object) -> None:
    """Receives ``case_escalated`` (cases/signals.py): counted once the move is committed."""
    from django.db import transaction

    transaction.on_commit(lambda: escalation_counted(level))  # ourvoice_escalations{level}


def task_failure_counted(task_name: str) -> None:
    shared_increment("task_failures", task_name.rsplit(".", 1)[-1])


# --- Figures read from the database and the queue ---------------------------------------------


def _database_figures() -> dict[str, Any]:
    from django.db.models import Count

    from ourvoice.cases.deadlines import overdue_q
    from ourvoice.cases.models import Case
    from ourvoice.cases.workflow import FINAL_STATUSES
    from ourvoice.notifications.models import Notification

    figures = cache.get(DATABASE_CACHE_KEY)
    if figures is not None:
        return dict(figures)
    open_cases = Case.objects.exclude(status__in=FINAL_STATUSES)
    per_level = dict(open_cases.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    overdue = dict(
        Case.objects.filter(overdue_q())
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    backlog = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .count()
    )
    figures = {"open": per_level, "overdue": overdue, "email_backlog": backlog}
    cache.set(DATABASE_CACHE_KEY, figures, settings.METRICS_CACHE_SECONDS)
    return figures


def queue_depth() -> int:
    from huey.contrib.djhuey import HUEY

    return int(HUEY.pending_count())


class PlatformCollector(Collector):
    """The figures of the platform as a whole, computed when Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        figures = _database_figures()
        for name, help_text, values in (
            ("ourvoice_cases_open", "Cases not closed or rejected, by level.", figures["open"]),
            (
                "ourvoice_cases_overdue",
                "Cases past their current deadline (deadline breaches), by level.",
                figures["overdue"],
            ),
        ):
            gauge = GaugeMetricFamily(name, help_text, labels=["level"])
            for level in sorted(values):
                gauge.add_metric([str(level)], values[level])
            yield gauge
        yield GaugeMetricFamily(
            "ourvoice_notifications_email_backlog",
            "Staff notifications waiting for their e-mail batch.",
            value=figures["email_backlog"],
        )
        try:
            depth: float = queue_depth()
        except Exception:
            depth = float("nan")
        yield GaugeMetricFamily("ourvoice_queue_depth", "Tasks waiting in the Huey queue.", value=depth)
        for name, help_text, label in (
            ("ourvoice_escalations", "Cases escalated by the workers or staff, by level reached.", "level"),
            ("ourvoice_task_failures", "Background tasks that raised, by task name.", "task"),
        ):
            counter = CounterMetricFamily(name, help_text, labels=[label])
            for value, count in sorted(_shared(name.removeprefix("ourvoice_")).items()):
                counter.add_metric([value], count)
            yield counter


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every gunicorn worker of this node, added up
    else:
        for collector in _process_collectors():
            registry.register(collector)
    registry.register(PlatformCollector())
    return registry


def _process_collectors() -> Iterable[Collector]:
    """Ours, and prometheus-client's own figures of the process (memory, CPU, Python, GC)."""
    return [REQUESTS, LATENCY, ERRORS, PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR]


def metrics_allowed(request: HttpRequest) -> bool:
    """A bearer token equal to OURVOICE_METRICS_TOKEN, or a client in OURVOICE_METRICS_NETWORKS."""
    import hmac

    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    networks = settings.METRICS_NETWORKS
    if not networks:
        return False
    try:
        # The direct peer only (never X-Forwarded-For): the scraper reaches the node from inside.
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


def metrics_text() -> bytes:
    return generate_latest(_registry())


def readiness() -> dict[str, str]:
    """Each dependency a node needs to serve: "ok" or "down"."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "down"
    try:
        cache.set("ops:ready", "1", 10)
        checks["cache"] = "ok" if cache.get("ops:ready") == "1" else "down"
    except Exception:
        checks["cache"] = "down"
    try:
        queue_depth()
        checks["queue"] = "ok"
    except Exception:
        checks["queue"] = "down"
    return checks
