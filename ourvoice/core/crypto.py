"""Keys and primitives for data at rest and lookup hashes (SECURITY.md B2, C4, D4).

Every key comes from the environment; development derives them from SECRET_KEY so that
`make run` needs no setup. Each purpose gets its own derived key, so one leak is one leak.

Keys rotate without downtime (docs/operations.md, issue 19): each variable holds a list, newest
first, separated by commas. What is written (a ciphertext, a lookup hash, a receipt hash) uses the
first key; what is read is tried with every key, so data written under an older key still decrypts
or is still found until ``manage.py keys_rotate`` has re-encrypted and re-keyed it
(``ourvoice/ops/keys.py``); then the old key can be removed from the list.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12


def _derive(configured: str, purpose: str) -> bytes:
    if configured:
        raw = configured.encode()
        try:
            decoded = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
            if len(decoded) == 32:
                return decoded
        except ValueError:
            pass
        return hashlib.sha256(raw).digest()
    return hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()


def key_list(configured: str) -> list[str]:
    """The keys of one variable, newest first ("new,old": spaces and empty items ignored)."""
    return [part.strip() for part in configured.split(",") if part.strip()]


@lru_cache(maxsize=32)
def _keys(configured: str, purpose: str, secret_key: str) -> tuple[bytes, ...]:
    return tuple(_derive(part, purpose) for part in key_list(configured)) or (_derive("", purpose),)


def receipt_peppers() -> tuple[bytes, ...]:
    """Every receipt pepper, newest first (receipts hashed with an older one still open)."""
    return _keys(settings.RECEIPT_PEPPER, "receipt-pepper", settings.SECRET_KEY)


def receipt_pepper() -> bytes:
    return receipt_peppers()[0]


def _encryption_keys() -> tuple[bytes, ...]:
    return _keys(settings.ENCRYPTION_KEY, "encryption-key", settings.SECRET_KEY)


def _hmac_keys() -> tuple[bytes, ...]:
    return _keys(settings.HMAC_KEY, "hmac-key", settings.SECRET_KEY)


def _lookup(key: bytes, value: str, purpose: str) -> str:
    keyed = hmac.new(key, purpose.encode(), hashlib.sha256).digest()
    return hmac.new(keyed, value.encode(), hashlib.sha256).hexdigest()


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash for finding a row by a value that must not be stored (hex, 64 chars)."""
    return _lookup(_hmac_keys()[0], value, purpose)


def lookup_hashes(value: str, *, purpose: str) -> list[str]:
    """``lookup_hash`` under every HMAC key, newest first: find rows written before a rotation."""
    return [_lookup(key, value, purpose) for key in _hmac_keys()]


def encrypt(plaintext: bytes, *, purpose: str) -> bytes:
    """AES-256-GCM with a random nonce; ``purpose`` is bound as associated data."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_encryption_keys()[0]).encrypt(nonce, plaintext, purpose.encode())


def _decrypt(ciphertext: bytes, purpose: str) -> tuple[bytes, int]:
    nonce, body = ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:]
    for number, key in enumerate(_encryption_keys()):
        try:
            return AESGCM(key).decrypt(nonce, body, purpose.encode()), number
        except InvalidTag:
            continue
    raise InvalidTag


def decrypt(ciphertext: bytes, *, purpose: str) -> bytes:
    """The plaintext, whichever key of the list encrypted it (InvalidTag if none did)."""
    return _decrypt(ciphertext, purpose)[0]


def reencrypt(ciphertext: bytes, *, purpose: str) -> bytes | None:
    """``ciphertext`` under the newest key, or None when it already is."""
    plaintext, number = _decrypt(ciphertext, purpose)
    return None if number == 0 else encrypt(plaintext, purpose=purpose)
