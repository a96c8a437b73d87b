"""gunicorn settings, read from the environment (see .env.example).

No access log: its default line format starts with the client address (SECURITY.md A1).
"""

import os

workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No gunicornc control socket: it has one fixed path per user, which several servers on one
# machine (web nodes, tests, benchmarks) would fight over, and we manage processes with signals.
control_socket_disable = True

# LOG_FORMAT=json (the production default, as in config/settings/base.py): gunicorn's own lines
# (start, worker restarts, "Invalid request from ip=...") become JSON too, through the same filter
# that scrubs client addresses (ourvoice/ops/logging.py).
_log_format = os.environ.get("LOG_FORMAT") or (
    "json" if os.environ.get("OURVOICE_ENV") == "production" else "plain"
)
_handler = {
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stderr",
    "filters": ["no_client_address"],
    "formatter": "json" if _log_format == "json" else "generic",
}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_address": {"()": "ourvoice.ops.logging.NoClientAddress"}},
    "formatters": {
        "json": {"()": "ourvoice.ops.logging.JsonFormatter"},
        # ISO 8601 in UTC with the offset, in the master and the workers alike (ops/logging.py).
        "generic": {
            "()": "ourvoice.ops.logging.PlainFormatter",
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
        },
    },
    "handlers": {"error_console": _handler},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": loglevel.upper(), "handlers": [], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": []},
}


def child_exit(server: object, worker: object) -> None:
    """With PROMETHEUS_MULTIPROC_DIR (several workers per node, ourvoice/ops/metrics.py), a worker
    that exits leaves its counters to the others' sum, and its live gauges are dropped."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
