"""Structured log lines that never carry a client address (SECURITY.md A1, A5).

Every line is one JSON object (``JsonFormatter``). ``NoClientAddress`` sits on the handlers, so it
sees every record whatever logger it came from (Django, gunicorn, Huey, ours): it drops a
``request`` attached to the record and replaces anything that looks like an IPv4 or IPv6 address
in the message, its arguments and its extra fields by ``[address]``. gunicorn, for one, logs
"Invalid request from ip=..." as a warning; this is what keeps such a line clean. Server
addresses ("Listening at: http://[address]:8000") are scrubbed too: an operator knows them.
Query strings are cut from anything that looks like a URL or path ("/track/?[query]"): a query
can carry what a citizen typed, and no code of ours needs one in a log line.

Times: one clock in every process (gunicorn's master and workers, the Huey consumer, manage.py
commands), ISO 8601 in UTC with its offset and milliseconds, ``2026-12-06T16:30:00.123+00:00``
(``iso_time``). ``logging.Formatter``'s default reads the local clock, which Django sets to
``TIME_ZONE`` (Asia/Phnom_Penh) in the processes that load it and not in gunicorn's master, with
no offset shown: the lines of one moment read seven hours apart.

No class here imports Django settings, so ``config/gunicorn.py`` can use them before Django starts.
"""

import datetime
import logging
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

REDACTED = "[address]"
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
# IPv6 candidates: hex groups and colons (a trailing IPv4 part allowed, as in "::ffff:10.0.0.1").
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?![\w:])")
# A query string after a URL or a path: "...example/form?receipt=1234" -> "...example/form?[query]".
_QUERY = re.compile(r"(?<=[\w/.-])\?[^\s\"'<>)]+")
QUERY_REDACTED = "?[query]"
# LogRecord attributes that are not the caller's extra fields.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _ipv6(match: re.Match[str]) -> str:
    # "::" or three colons or more make an address; a clock time ("06:58:12") has two.
    text = match.group(0)
    return REDACTED if "::" in text or text.count(":") >= 3 else text


def scrub(value: Any) -> Any:
    """``value`` with every address-like text replaced; other types unchanged."""
    if isinstance(value, str):
        return _QUERY.sub(QUERY_REDACTED, _IPV4.sub(REDACTED, _IPV6.sub(_ipv6, value)))
    if isinstance(value, (list, tuple)):
        return type(value)(scrub(item) for item in value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    return value


def iso_time(created: float) -> str:
    """``2026-12-06T16:30:00.123+00:00``: a record's time in UTC, ISO 8601, with its offset."""
    return datetime.datetime.fromtimestamp(created, datetime.UTC).isoformat(timespec="milliseconds")


class PlainFormatter(logging.Formatter):
    """Plain text lines (``fmt`` as usual) whose ``%(asctime)s`` is ``iso_time``."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return iso_time(record.created)


class NoClientAddress(logging.Filter):
    """Drop the request and scrub addresses from the message, its arguments and extra fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD:
                setattr(record, key, scrub(value))
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time (``iso_time``), level, logger, message, extra fields."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return iso_time(record.created)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        # Tracebacks are formatted here, after the filter ran: scrub the final line once more.
        return str(scrub(super().format(record)))
