"""Receipt codes (SECURITY.md B1-B2, B4).

A receipt is 20 digits shown in groups of four. The first 8 (the locator) are random and unique
and find the report; the last 12 (the secret) are stored only as an Argon2id hash of
HMAC(pepper, secret), the pepper living outside the database.

The pepper rotates (core/crypto.py): a new receipt is hashed with the newest pepper; a receipt
hashed with an older one still verifies (``verify_secret`` tries each), and ``matching_pepper``
tells the caller to store its hash again under the newest pepper once the citizen has presented it
(the secret is never stored, so it cannot be re-hashed before).
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings

from ourvoice.core.crypto import receipt_pepper, receipt_peppers
from ourvoice.core.khmer import to_latin_digits

LOCATOR_DIGITS = 8
SECRET_DIGITS = 12
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015._/]+")


@dataclass(frozen=True)
class Receipt:
    locator: str
    secret: str

    @property
    def digits(self) -> str:
        return self.locator + self.secret

    def grouped(self) -> str:
        """ "1234 5678 9012 3456 7890": easy to read aloud and copy by hand."""
        return " ".join(self.digits[i : i + 4] for i in range(0, len(self.digits), 4))

    def __str__(self) -> str:
        return self.grouped()


def parse_receipt(text: str) -> Receipt | None:
    """Accept Khmer or Latin digits, ignoring spaces and dashes; None if it is not a receipt."""
    if not isinstance(text, str) or len(text) > 100:
        return None
    digits = _SEPARATORS.sub("", to_latin_digits(text))
    if len(digits) != LOCATOR_DIGITS + SECRET_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return Receipt(locator=digits[:LOCATOR_DIGITS], secret=digits[LOCATOR_DIGITS:])


def new_locator() -> str:
    return f"{secrets.randbelow(10**LOCATOR_DIGITS):0{LOCATOR_DIGITS}d}"


def new_secret(*, idempotency_key: str | None = None, pepper: bytes | None = None) -> str:
    """A random secret, or one derived from the client's idempotency key.

    Deriving it lets a retried submission get the same receipt back without the server ever
    storing the secret: only a keyed hash of the idempotency key is kept.
    """
    if idempotency_key is None:
        return f"{secrets.randbelow(10**SECRET_DIGITS):0{SECRET_DIGITS}d}"
    pepper = pepper or receipt_pepper()
    digest = hmac.new(pepper, b"secret:" + idempotency_key.encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest, 'big') % 10**SECRET_DIGITS:0{SECRET_DIGITS}d}"


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.RECEIPT_ARGON2_TIME_COST,
        memory_cost=settings.RECEIPT_ARGON2_MEMORY_KIB,
        parallelism=1,
        type=Type.ID,
    )


def _peppered(secret: str, pepper: bytes | None = None) -> bytes:
    return hmac.new(pepper or receipt_pepper(), secret.encode(), hashlib.sha256).digest()


def hash_secret(secret: str) -> str:
    return _hasher().hash(_peppered(secret))


def matching_pepper(stored_hash: str, secret: str) -> int | None:
    """Which pepper (0: the newest) the hash was made with, None if the secret is wrong.

    A wrong secret costs one Argon2 verification per pepper, as ``verify_nothing`` does (B4)."""
    for number, pepper in enumerate(receipt_peppers()):
        try:
            if _hasher().verify(stored_hash, _peppered(secret, pepper)):
                return number
        except (VerificationError, InvalidHashError):
            continue
    return None


def verify_secret(stored_hash: str, secret: str) -> bool:
    return matching_pepper(stored_hash, secret) is not None


def retry_secret(stored_hash: str, idempotency_key: str) -> str:
    """The secret of a retried submission: derived with the pepper its hash was made with."""
    peppers = receipt_peppers()
    if len(peppers) > 1:
        for pepper in peppers:
            secret = new_secret(idempotency_key=idempotency_key, pepper=pepper)
            if matching_pepper(stored_hash, secret) is not None:
                return secret
    return new_secret(idempotency_key=idempotency_key)


@cache
def _dummy_hash() -> str:
    return hash_secret("0" * SECRET_DIGITS)


def verify_nothing(secret: str) -> bool:
    """Spend the same work as a real verification, for an unknown locator (B4)."""
    matching_pepper(_dummy_hash(), secret + "x")
    return False
