"""Secrets published with the code: the development secret key a newcomer's `make run` uses (and
the keys derived from it), the demo password, TOTP key and API key. Anyone can read them here, so
they must open nothing outside the demo (issue 15):

- ``config/settings/production.py`` refuses to start when a key is one of them, is missing, too
  short or too regular, or is the same as another key (``key_problems``);
- in production the demo password signs no one in (``accounts/backends.py``) and the demo API key
  is refused (``apikeys/selectors.py``), even if a demo seed was ever loaded into that database.

Only the standard library: settings import this before Django is set up.
"""

import base64
import binascii
import hashlib
import hmac

DEVELOPMENT_SECRET_KEY = "dev-insecure-key-change-me-" + "x" * 32
DEMO_PASSWORD = "ourvoice-demo-2026"  # noqa: S105 (published on purpose; refused in production)
DEMO_API_KEY = "ovk_de300000_demo-key-published-in-the-readme-not-secret"
# 20 bytes, the length RFC 6238 recommends: the ASCII text "ourvoice-demo-totp!!".
DEMO_TOTP_KEY_HEX = "6f7572766f6963652d64656d6f2d746f74702121"

# The purposes ``ourvoice.core.crypto`` derives development keys for from the secret key.
KEY_PURPOSES = {
    "OURVOICE_RECEIPT_PEPPER": "receipt-pepper",
    "OURVOICE_ENCRYPTION_KEY": "encryption-key",
    "OURVOICE_HMAC_KEY": "hmac-key",
}
KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_LENGTH = 50
# Random keys of 32+ characters use far more distinct characters ("s" * 43, "abcabc..." do not).
MIN_DISTINCT_CHARACTERS = 12


def _spellings(raw: bytes) -> set[str]:
    """The ways a 32-byte key can be written into the environment (crypto._derive reads them)."""
    urlsafe = base64.urlsafe_b64encode(raw).decode()
    return {urlsafe, urlsafe.rstrip("="), base64.b64encode(raw).decode(), raw.hex()}


def published_values() -> frozenset[str]:
    """Every secret value anyone can read in this repository."""
    values = {DEVELOPMENT_SECRET_KEY, DEMO_PASSWORD, DEMO_API_KEY, DEMO_TOTP_KEY_HEX}
    values.add(base64.b32encode(binascii.unhexlify(DEMO_TOTP_KEY_HEX)).decode().rstrip("="))
    for purpose in KEY_PURPOSES.values():
        derived = hmac.new(DEVELOPMENT_SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
        values |= _spellings(derived)
    return frozenset(values)


def key_problems(keys: dict[str, str]) -> list[str]:
    """What is wrong with production's keys, by variable name (empty when they will do)."""
    problems: list[str] = []
    published = published_values()
    seen: dict[str, str] = {}
    for name, configured in keys.items():
        # The three keys may be lists, newest first (core/crypto.py): every key of the list is checked.
        parts = [configured] if name == "DJANGO_SECRET_KEY" else configured.split(",")
        for value in [part.strip() for part in parts if part.strip()] or [""]:
            minimum = SECRET_KEY_MIN_LENGTH if name == "DJANGO_SECRET_KEY" else KEY_MIN_LENGTH
            if not value:
                problems.append(f"Set {name} in production (see .env.example).")
            elif value in published or value.startswith("dev-insecure"):
                problems.append(
                    f"{name} is a value published with Our Voice (development or demo): anyone can read "
                    "it. Generate a new one (see .env.example)."
                )
            elif len(value) < minimum or len(set(value)) < MIN_DISTINCT_CHARACTERS:
                problems.append(
                    f"Set {name} to a random value of {minimum}+ characters (see .env.example): this one "
                    "is too short or too regular."
                )
            elif value in seen:
                problems.append(f"{name} must differ from {seen[value]}: each key serves one purpose.")
            if value:
                seen.setdefault(value, name)
    return problems
