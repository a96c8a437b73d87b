import pytest
from django.core.cache import cache

from ourvoice.geo.tests.fixtures import verified_admin_client  # noqa: F401


@pytest.fixture(autouse=True)
def _clean_cache():
    """Submissions are throttled in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
