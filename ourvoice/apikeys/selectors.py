"""Reads on API keys: which active key a request presents."""

from django.conf import settings

from ourvoice.apikeys.models import ApiKey
from ourvoice.apikeys.services import KEY_PATTERN, key_hashes
from ourvoice.core.published import published_values


def apikey_authenticate(*, key: str) -> ApiKey | None:
    """The active key matching ``key``; None for a malformed, unknown or revoked key.

    The key is looked up by its keyed hash, so no comparison of secrets happens in Python.
    """
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        return None
    if settings.OURVOICE_ENV == "production" and key in published_values():
        return None  # the demo's published key opens nothing in production (core/published.py)
    # Under any HMAC key of a rotation (core/crypto.py): a key issued before it still works.
    return ApiKey.objects.filter(key_hash__in=key_hashes(key), revoked_at__isnull=True).first()
