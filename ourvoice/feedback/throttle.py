"""Throttling in the cache only: receipt guesses, receipt replays and submissions (SECURITY.md B3,
B5, D3); the same two rules also guard staff sign-in (E3, ``scope="login"``).

Clients are never named by their address: ``client_key`` is an HMAC of it with a key that
changes every day, so the address itself is never stored and yesterday's keys cannot be linked
to today's. Every rule is decided before any hash is computed or anything is written.

Receipt guesses (``receipt_check`` / ``receipt_failure`` / ``receipt_success``):
- per client: after a few failures in a window, every guess waits;
- per case *and* client: after a few failures, a lock that doubles with each further failure.
  The lock is the client's own: a stranger who knows (or guesses) a case's locator and sends
  wrong receipts for it locks only himself out of that case, never its holder. A distributed
  guesser is held by the per-client rule and the 40-bit secret (feedback/README.md).

Sign-in keeps one lock per account for every client (``check`` with ``scope="login"``): a
password is weaker than a 12-digit secret, and a locked account is unlocked by its administrator.
"""

import hashlib
import hmac
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourvoice.core.crypto import lookup_hash
from ourvoice.core.templatetags.khmer import digits

CASE_FREE_FAILURES = 3
CASE_MAX_LOCK_SECONDS = 24 * 3600
CLIENT_FAILURES_PER_WINDOW = 10
CLIENT_WINDOW_SECONDS = 15 * 60
HOUR = 3600

# What a citizen is told, by every channel (each adds the wait in minutes).
SUBMISSIONS_WAIT = _(
    "Many reports were sent in the last hour, from this connection or to this office. Please wait "
    "%(minutes)s minutes, then send your report again: nothing was stored yet."
)
REPLAYS_WAIT = _("Too many requests for receipts. Please wait %(minutes)s minutes, then try again.")


def minutes_of(wait: "Throttled") -> int:
    return max(1, (wait.retry_after + 59) // 60)


def wait_message(wait: "Throttled") -> str:
    """The translated sentence for a submission or replay that must wait."""
    template = REPLAYS_WAIT if wait.what == "replays" else SUBMISSIONS_WAIT
    return str(template) % {"minutes": digits(minutes_of(wait))}


@dataclass(frozen=True)
class Throttled(Exception):
    retry_after: int
    # What must wait, so that each interface says so: "guesses" (receipts, sign-in), "replays"
    # (receipts given again to retries) or "submissions" (new reports).
    what: str = "guesses"


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for proxy in getattr(settings, "TRUSTED_PROXIES", ()):
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request: HttpRequest) -> str:
    """The client's address: the direct peer, unless that peer is a configured proxy.

    The forwarded-for header (``CLIENT_ADDRESS_HEADER``) is believed only as far as trusted
    proxies vouch for it: from the right, each entry appended by a trusted proxy is the next
    peer, and the first address that is not a trusted proxy is the client. A client that
    reaches the server directly is its own peer, whatever header it sends, so it cannot rotate
    the header to escape the per-client throttle (issue 15). Never stored or logged.
    """
    peer = request.META.get("REMOTE_ADDR", "").strip()
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
    if header == "REMOTE_ADDR":
        return peer
    chain = [entry.strip() for entry in request.META.get(header, "").split(",") if entry.strip()]
    while chain and _is_trusted_proxy(peer):
        peer = chain.pop()
    return peer


def client_key(request: HttpRequest) -> str:
    """An opaque per-day key for the client; the address never leaves this function."""
    address = client_address(request)
    day_key = lookup_hash(timezone.now().date().isoformat(), purpose="client-day-key")
    return hmac.new(day_key.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _case_key(locator: str, scope: str, client: str | None = None) -> str:
    value = locator if client is None else f"{locator}\n{client}"
    return f"{scope}:case:" + lookup_hash(value, purpose=f"throttle-{scope}")[:32]


def _client_key(client: str, scope: str) -> str:
    return f"{scope}:client:" + client


def _check(*, case_key: str, client: str, scope: str) -> int:
    """Raise Throttled if the client or the case must wait; else the case's failures so far.

    One round trip for the three counters: a tracking request pays it before its hash."""
    client_counter = _client_key(client, scope)
    found = cache.get_many([client_counter, case_key, case_key + ":until"])
    if found.get(client_counter, 0) >= CLIENT_FAILURES_PER_WINDOW:
        raise Throttled(retry_after=CLIENT_WINDOW_SECONDS)
    locked_until = found.get(case_key + ":until")
    now = timezone.now().timestamp()
    if locked_until and locked_until > now:
        raise Throttled(retry_after=int(locked_until - now) + 1)
    return int(found.get(case_key, 0))


def _failure(*, case_key: str, client: str, scope: str) -> None:
    try:
        cache.incr(_client_key(client, scope))
    except ValueError:
        cache.set(_client_key(client, scope), 1, CLIENT_WINDOW_SECONDS)
    failures = cache.get(case_key, 0) + 1
    cache.set(case_key, failures, CASE_MAX_LOCK_SECONDS)
    if failures >= CASE_FREE_FAILURES:
        lock = min(30 * 2 ** (failures - CASE_FREE_FAILURES), CASE_MAX_LOCK_SECONDS)
        cache.set(case_key + ":until", timezone.now().timestamp() + lock, lock)


# --- receipts (B3) ----------------------------------------------------------------------------


def receipt_check(*, locator: str, client: str) -> int:
    """Raise Throttled if this client must wait, for any case or for this one; computes no hash.

    Returns the client's failures on this case so far: only then has a success anything to clear
    (the lock expires no later than the count, so no count means no lock)."""
    return _check(case_key=_case_key(locator, "rcpt", client), client=client, scope="rcpt")


def receipt_failure(*, locator: str, client: str) -> None:
    _failure(case_key=_case_key(locator, "rcpt", client), client=client, scope="rcpt")


def receipt_success(*, locator: str, client: str) -> None:
    key = _case_key(locator, "rcpt", client)
    cache.delete_many([key, key + ":until"])


# --- staff sign-in (E3): one lock per account, whatever the client ------------------------------


def check(*, locator: str, client: str, scope: str = "login") -> None:
    """Raise Throttled if this client or this account must wait; computes no hash."""
    _check(case_key=_case_key(locator, scope), client=client, scope=scope)


def record_failure(*, locator: str, client: str, scope: str = "login") -> None:
    _failure(case_key=_case_key(locator, scope), client=client, scope=scope)


def record_success(*, locator: str, scope: str = "login") -> None:
    key = _case_key(locator, scope)
    cache.delete_many([key, key + ":until"])


# --- counted windows: receipt replays and submissions ------------------------------------------


def _count(key: str, *, window: int) -> tuple[int, int]:
    """Count one event in the current fixed window of ``key``: (count so far, seconds left)."""
    now = time.time()
    full = f"{key}:{int(now // window)}"
    if cache.add(full, 1, timeout=window * 2):
        count = 1
    else:
        try:
            count = cache.incr(full)
        except ValueError:  # expired between add and incr
            cache.set(full, 1, timeout=window * 2)
            count = 1
    return count, max(int(window - now % window), 1)


def _peek(key: str, *, window: int) -> int:
    return int(cache.get(f"{key}:{int(time.time() // window)}", 0))


def replay_admit(*, client: str) -> None:
    """Count one receipt given again to a retried submission; Throttled past the client's share."""
    count, left = _count(f"replay:client:{client}", window=CLIENT_WINDOW_SECONDS)
    if count > settings.RECEIPT_RETRIES_PER_CLIENT:
        raise Throttled(retry_after=left, what="replays")


def submission_admit(*, client: str, office_id: int) -> None:
    """Count one new report from ``client`` to ``office_id``, or raise Throttled (nothing counted)
    when the client sent its hourly share, or the office received its hourly flood bound."""
    per_client = settings.SUBMISSIONS_PER_CLIENT_PER_HOUR
    per_office = settings.SUBMISSIONS_PER_OFFICE_PER_HOUR
    client_bucket, office_bucket = f"submit:client:{client}", f"submit:office:{office_id}"
    left = max(int(HOUR - time.time() % HOUR), 1)
    # Peek first, so that a refused attempt does not use up the office's budget.
    if _peek(client_bucket, window=HOUR) >= per_client or _peek(office_bucket, window=HOUR) >= per_office:
        raise Throttled(retry_after=left, what="submissions")
    count, left = _count(client_bucket, window=HOUR)
    if count > per_client:
        raise Throttled(retry_after=left, what="submissions")
    count, left = _count(office_bucket, window=HOUR)
    if count > per_office:
        raise Throttled(retry_after=left, what="submissions")
