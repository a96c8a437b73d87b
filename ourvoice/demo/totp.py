"""TOTP codes for the demo accounts, so that tests and newcomers can sign in (README.md)."""

import base64
import binascii

from django_otp.oath import TOTP

# 20 bytes, the length RFC 6238 recommends: the ASCII text "ourvoice-demo-totp!!". Public on purpose:
# it protects demo accounts only, and demo_seed refuses to run in production.
DEMO_TOTP_KEY_HEX = "6f7572766f6963652d64656d6f2d746f74702121"


def hex_to_base32(key_hex: str) -> str:
    """The form authenticator apps ask for ("enter a setup key"): base32 without padding."""
    return base64.b32encode(binascii.unhexlify(key_hex)).decode("ascii").rstrip("=")


DEMO_TOTP_SECRET = hex_to_base32(DEMO_TOTP_KEY_HEX)  # N52XE5TPNFRWKLLEMVWW6LLUN52HAIJB


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for ``secret`` (base32) now, or at Unix time ``at``."""
    cleaned = secret.replace(" ", "").upper()
    key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


if __name__ == "__main__":  # python -m ourvoice.demo.totp [SECRET]: the current code
    import sys

    print(totp_code(sys.argv[1] if len(sys.argv) > 1 else DEMO_TOTP_SECRET))
