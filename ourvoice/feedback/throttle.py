"""Throttling of receipt guesses, decided before any hash is computed (SECURITY.md B3).

Two counters, both in the cache only:
- per case (the locator): after a few failures, a lock that doubles with each further failure;
- per client: keyed by an HMAC of the client address with a key that changes every day, so the
  address itself is never stored and yesterday's keys cannot be linked to today's.
Other citizens are unaffected by one client's guesses.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from ourvoice.core.crypto import lookup_hash

CASE_FREE_FAILURES = 3
CASE_MAX_LOCK_SECONDS = 24 * 3600
CLIENT_FAILURES_PER_WINDOW = 10
CLIENT_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Throttled(Exception):
    retry_after: int


def client_key(request: HttpRequest) -> str:
    """An opaque per-day key for the client; the address never leaves this function."""
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
    address = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    address = address.split(",")[-1].strip()
    day_key = lookup_hash(timezone.now().date().isoformat(), purpose="client-day-key")
    return hmac.new(day_key.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _case_key(locator: str, scope: str) -> str:
    return f"{scope}:case:" + lookup_hash(locator, purpose=f"throttle-{scope}")[:32]


def _client_key(client: str, scope: str) -> str:
    return f"{scope}:client:" + client


# ``scope`` keeps separate counters for receipts ("rcpt") and staff sign-in ("login"), where the
# "locator" is the username: the same two rules protect both (SECURITY.md B3 and E3).
def check(*, locator: str, client: str, scope: str = "rcpt") -> None:
    """Raise Throttled if this client or this case must wait; computes no hash."""
    client_failures = cache.get(_client_key(client, scope), 0)
    if client_failures >= CLIENT_FAILURES_PER_WINDOW:
        raise Throttled(retry_after=CLIENT_WINDOW_SECONDS)
    locked_until = cache.get(_case_key(locator, scope) + ":until")
    now = timezone.now().timestamp()
    if locked_until and locked_until > now:
        raise Throttled(retry_after=int(locked_until - now) + 1)


def record_failure(*, locator: str, client: str, scope: str = "rcpt") -> None:
    try:
        cache.incr(_client_key(client, scope))
    except ValueError:
        cache.set(_client_key(client, scope), 1, CLIENT_WINDOW_SECONDS)
    key = _case_key(locator, scope)
    failures = cache.get(key, 0) + 1
    cache.set(key, failures, CASE_MAX_LOCK_SECONDS)
    if failures >= CASE_FREE_FAILURES:
        lock = min(30 * 2 ** (failures - CASE_FREE_FAILURES), CASE_MAX_LOCK_SECONDS)
        cache.set(key + ":until", timezone.now().timestamp() + lock, lock)


def record_success(*, locator: str, scope: str = "rcpt") -> None:
    key = _case_key(locator, scope)
    cache.delete_many([key, key + ":until"])
