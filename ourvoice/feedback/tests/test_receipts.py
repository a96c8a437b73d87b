import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.receipts import (
    Receipt,
    hash_secret,
    new_locator,
    new_secret,
    parse_receipt,
    verify_secret,
)

ROOT = Path(__file__).resolve().parents[3]


def test_receipt_is_twenty_digits_in_groups_of_four():
    receipt = Receipt(locator="12345678", secret="901234567890")
    assert receipt.grouped() == "1234 5678 9012 3456 7890"


def test_parse_accepts_khmer_digits_spaces_and_dashes():
    expected = Receipt(locator="12345678", secret="901234567890")
    assert parse_receipt("1234 5678 9012 3456 7890") == expected
    assert parse_receipt("1234-5678-9012-3456-7890") == expected
    assert parse_receipt(to_khmer_digits("1234 5678 9012 3456 7890")) == expected
    assert parse_receipt(" 12345678901234567890 ") == expected


def test_parse_refuses_anything_else():
    for text in ["", "1234", "1234 5678 9012 3456 789", "1234 5678 9012 3456 78901", "abcd" * 5, "١٢٣٤" * 5]:
        assert parse_receipt(text) is None


@given(st.text(max_size=60))
def test_parse_never_raises(text):
    parsed = parse_receipt(text)
    assert parsed is None or len(parsed.digits) == 20


def test_only_the_right_secret_verifies_and_the_hash_is_argon2id_without_the_secret(settings):
    stored = hash_secret("901234567890")
    assert stored.startswith("$argon2id$")
    assert "901234567890" not in stored
    assert verify_secret(stored, "901234567890")
    assert not verify_secret(stored, "901234567891")


def test_installations_hash_receipts_at_owasps_argon2id_cost_unless_told_otherwise(tmp_path):
    """The suite hashes at a token cost (config/settings/test.py); an installation hashes at
    OWASP's recommended minimum for Argon2id (19 MiB, two passes), the cost the receipts rely on."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OURVOICE_RECEIPT_ARGON2", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"))
    }
    script = "from ourvoice.feedback.receipts import hash_secret; print(hash_secret('1' * 12))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        env={**env, "OURVOICE_DATA_DIR": str(tmp_path)},
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert hash_secret("1" * 12).startswith("$argon2id$v=19$m=1024,t=1,p=1$")  # this suite's


def test_the_pepper_is_needed_to_verify(settings):
    stored = hash_secret("901234567890")
    settings.RECEIPT_PEPPER = "another-pepper-that-the-thief-does-not-have"
    assert not verify_secret(stored, "901234567890")


def test_secrets_derived_from_an_idempotency_key_repeat_and_random_ones_do_not():
    assert new_secret(idempotency_key="k-1") == new_secret(idempotency_key="k-1")
    assert new_secret(idempotency_key="k-1") != new_secret(idempotency_key="k-2")
    assert len({new_secret() for _ in range(50)}) == 50
    assert all(len(new_locator()) == 8 and new_locator().isdigit() for _ in range(20))
