"""Keys and primitives for data at rest and lookup hashes (SECURITY.md B2, C4, D4).

Every key comes from the environment; development derives them from SECRET_KEY so that
`make run` needs no setup. Each purpose gets its own derived key, so one leak is one leak.
"""

import base64
import hashlib
import hmac
import os

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


def receipt_pepper() -> bytes:
    return _derive(settings.RECEIPT_PEPPER, "receipt-pepper")


def _encryption_key() -> bytes:
    return _derive(settings.ENCRYPTION_KEY, "encryption-key")


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash for finding a row by a value that must not be stored (hex, 64 chars)."""
    key = hmac.new(_derive(settings.HMAC_KEY, "hmac-key"), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def encrypt(plaintext: bytes, *, purpose: str) -> bytes:
    """AES-256-GCM with a random nonce; ``purpose`` is bound as associated data."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_encryption_key()).encrypt(nonce, plaintext, purpose.encode())


def decrypt(ciphertext: bytes, *, purpose: str) -> bytes:
    nonce, body = ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:]
    return AESGCM(_encryption_key()).decrypt(nonce, body, purpose.encode())
