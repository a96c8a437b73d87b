"""Requests per minute, counted in the cache (shared by every web process when it is Redis).

A fixed one-minute window per bucket: simple, one cache key per bucket and minute, and good
enough to keep one client from starving the others (SECURITY.md G3: 429, never falling over).
Buckets never hold a client address in clear: API keys are named by id, anonymous clients by
``feedback.throttle.client_key`` (an HMAC with a key that changes every day).
"""

import time

from django.core.cache import cache

WINDOW_SECONDS = 60


def rate_limit_hit(*, bucket: str, per_minute: int) -> int | None:
    """Count one request; return the seconds to wait if the bucket is over its limit, else None."""
    now = time.time()
    key = f"ratelimit:{bucket}:{int(now // WINDOW_SECONDS)}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
            count = 1
    if count > per_minute:
        return max(int(WINDOW_SECONDS - now % WINDOW_SECONDS), 1)
    return None
