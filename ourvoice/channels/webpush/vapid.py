"""The deployment's VAPID key pair (RFC 8292): the private key signs each push request, the public
key is the ``applicationServerKey`` the browser binds a subscription to.

``WEBPUSH_VAPID_PRIVATE_KEY`` holds the raw 32-byte P-256 private key, base64url
(``manage.py webpush_vapid_keys`` makes one); the public key is derived from it.
"""

import base64
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_new_private_key() -> str:
    """A new private key, base64url of its 32 raw bytes."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


@lru_cache(maxsize=4)
def _vapid(private_key: str) -> Vapid02:
    return Vapid02.from_raw(private_key.encode())


def vapid_configured() -> bool:
    return bool(settings.WEBPUSH_VAPID_PRIVATE_KEY)


def vapid() -> Vapid02:
    return _vapid(settings.WEBPUSH_VAPID_PRIVATE_KEY)


def vapid_public_key() -> str:
    """The public key as the browser's ``applicationServerKey`` wants it (uncompressed point, base64url)."""
    if not vapid_configured():
        return ""
    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)
