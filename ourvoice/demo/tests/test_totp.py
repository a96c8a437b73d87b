"""The TOTP helper agrees with RFC 6238 and with django-otp's verification."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import User
from ourvoice.demo.totp import DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET, hex_to_base32, totp_code

RFC_KEY_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # "12345678901234567890"


@pytest.mark.parametrize(
    ("at", "code"),
    [
        (59, "287082"),
        (1111111109, "081804"),
        (1111111111, "050471"),
        (1234567890, "005924"),
        (2000000000, "279037"),
    ],
)
def test_totp_code_matches_rfc_6238(at: int, code: str) -> None:
    assert totp_code(RFC_KEY_BASE32, at=at) == code
    assert totp_code(RFC_KEY_BASE32.lower()[:16] + " " + RFC_KEY_BASE32.lower()[16:], at=at) == code


def test_the_documented_demo_secret() -> None:
    assert hex_to_base32("3132333435363738393031323334353637383930") == RFC_KEY_BASE32
    assert DEMO_TOTP_SECRET == "N52XE5TPNFRWKLLEMVWW6LLUN52HAIJB"
    assert bytes.fromhex(DEMO_TOTP_KEY_HEX) == b"ourvoice-demo-totp!!"


def test_a_device_with_the_demo_key_accepts_the_helpers_code(db: None) -> None:
    user = User.objects.create(username="someone")
    device = TOTPDevice.objects.create(user=user, key=DEMO_TOTP_KEY_HEX, confirmed=True)
    assert device.verify_token(totp_code(DEMO_TOTP_SECRET))
