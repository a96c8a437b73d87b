"""The Redis cache backend (core/cache.py) against the real Redis, database 8 like the process tests."""

import uuid
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import caches
from django.test import override_settings

from ourvoice.ops.tests.processes import REDIS_URL, redis_cleanup


def test_one_client_serves_every_call_and_every_thread():
    prefix = "test-cache-" + uuid.uuid4().hex[:8]
    settings = {
        "default": {"BACKEND": "ourvoice.core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    }
    with override_settings(CACHES=settings):
        cache = caches.create_connection("default")
        try:
            first, *others = [cache._cache.get_client(write=w) for w in (True, False, True)]  # type: ignore[attr-defined]
            assert all(other is first for other in others)  # Django's own builds one a call

            def count(n: int) -> int:
                cache.set(f"k{n}", n, 60)
                cache.incr(f"k{n}", 10)
                return cache.get_many([f"k{n}", "absent"])[f"k{n}"]

            with ThreadPoolExecutor(8) as pool:
                assert sorted(pool.map(count, range(32))) == [n + 10 for n in range(32)]
            cache.delete_many([f"k{n}" for n in range(32)])
            assert cache.get_many([f"k{n}" for n in range(32)]) == {}
        finally:
            redis_cleanup(prefix)
