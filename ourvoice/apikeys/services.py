"""Writes on API keys: issuing (the key is returned once, never stored) and revoking."""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ourvoice.apikeys.models import ApiKey
from ourvoice.core.crypto import lookup_hash, lookup_hashes

KEY_START = "ovk_"
HASH_PURPOSE = "api-key"
# ovk_ + 8 hex digits (the prefix, kept in clear) + _ + 43 URL-safe characters (256 random bits).
KEY_PATTERN = re.compile(r"ovk_[0-9a-f]{8}_[A-Za-z0-9_-]{32,64}")
PREFIX_LENGTH = 12


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    key: str  # shown once to whoever issued it; only its hash is kept


def key_hash(key: str) -> str:
    return lookup_hash(key, purpose=HASH_PURPOSE)


def key_hashes(key: str) -> list[str]:
    return lookup_hashes(key, purpose=HASH_PURPOSE)


def _new_key() -> str:
    while True:
        key = f"{KEY_START}{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"
        if not ApiKey.objects.filter(prefix=key[:PREFIX_LENGTH]).exists():
            return key


def apikey_create(*, name: str, rate_per_minute: int | None = None, key: str | None = None) -> IssuedKey:
    """Issue a key and return it, the only time it is seen; raises ValidationError on bad input.

    ``key`` is given only by the demo seed (a published demo key, refused in production).
    """
    rate = rate_per_minute if rate_per_minute is not None else settings.APIKEY_DEFAULT_RATE_PER_MINUTE
    if key is not None and not KEY_PATTERN.fullmatch(key):
        raise ValueError("not an API key")
    with transaction.atomic():
        plaintext = key or _new_key()
        api_key = ApiKey(
            name=name.strip(),
            prefix=plaintext[:PREFIX_LENGTH],
            key_hash=key_hash(plaintext),
            rate_per_minute=rate,
        )
        api_key.full_clean()
        api_key.save()
    return IssuedKey(api_key=api_key, key=plaintext)


def apikey_revoke(*, api_key: ApiKey) -> ApiKey:
    """Revoke a key at once; revoking again changes nothing."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key
