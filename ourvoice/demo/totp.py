"""TOTP codes for the demo accounts, so that tests and newcomers can sign in (README.md)."""

import base64
import binascii

from django_otp.oath import TOTP

from ourvoice.core.published import DEMO_TOTP_KEY_HEX

# DEMO_TOTP_KEY_HEX is public on purpose (ourvoice/core/published.py): it protects demo accounts
# only, demo_seed refuses to run in production, and production refuses the demo password.
__all__ = ["DEMO_TOTP_KEY_HEX", "DEMO_TOTP_SECRET", "hex_to_base32", "totp_code"]


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
