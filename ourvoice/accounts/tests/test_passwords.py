"""SECURITY.md E1: production hashes staff passwords with Argon2 (tests use MD5 only for speed)."""

from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from config.settings import base


def test_the_production_hasher_setting_makes_argon2id_hashes() -> None:
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("a long staff passphrase 2026")
        assert encoded.startswith("argon2$argon2id$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("a long staff passphrase 2026", encoded)
        assert not check_password("a long staff passphrase 2025", encoded)


def test_long_passphrases_pass_and_short_or_common_ones_do_not() -> None:
    validate_password("the river at Kampot in the rainy season")
    for weak in ("short", "password123", "1234567890123"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
