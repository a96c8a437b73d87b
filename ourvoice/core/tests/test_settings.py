import base64
import hashlib
import hmac
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from ourvoice.core.published import (
    DEMO_API_KEY,
    DEMO_TOTP_KEY_HEX,
    DEVELOPMENT_SECRET_KEY,
    KEY_PURPOSES,
    key_problems,
)

ROOT = Path(__file__).resolve().parents[3]


def _check(env_overrides: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update({"OURVOICE_DATA_DIR": str(tmp_path), **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_development_secret_key(tmp_path):
    result = _check({"OURVOICE_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_missing_peppers_and_keys(tmp_path):
    result = _check({"OURVOICE_ENV": "production", "DJANGO_SECRET_KEY": "k" * 60}, tmp_path)
    assert result.returncode != 0
    assert "OURVOICE_RECEIPT_PEPPER" in result.stderr


def _random_keys() -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        **{name: secrets.token_urlsafe(32) for name in KEY_PURPOSES},
    }


def test_production_refuses_sqlite(tmp_path):
    result = _check({"OURVOICE_ENV": "production", **_random_keys()}, tmp_path)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_starts_with_real_keys_and_a_database_server(tmp_path):
    database = "postgres://ourvoice@db.invalid:5432/ourvoice"  # `check` connects to nothing
    result = _check({"OURVOICE_ENV": "production", "DATABASE_URL": database, **_random_keys()}, tmp_path)
    assert result.returncode == 0, result.stderr


def _derived(purpose: str) -> str:
    """What `make run` derives from the development secret key (ourvoice/core/crypto.py)."""
    raw = hmac.new(DEVELOPMENT_SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(raw).decode()


def test_production_refuses_published_weak_and_reused_keys(tmp_path):
    """Issue 15: the keys a newcomer's `make run` ships with, and the demo's published secrets,
    must not work outside the demo: production refuses to start with any of them."""
    reused = secrets.token_urlsafe(32)
    keys = {
        "DJANGO_SECRET_KEY": DEMO_API_KEY + "-and-some-more-characters",  # long enough, not published
        "OURVOICE_RECEIPT_PEPPER": _derived("receipt-pepper"),  # the development pepper
        "OURVOICE_ENCRYPTION_KEY": "s" * 43,  # long but regular
        "OURVOICE_HMAC_KEY": DEMO_TOTP_KEY_HEX,  # published
    }
    result = _check({"OURVOICE_ENV": "production", **keys}, tmp_path)
    assert result.returncode != 0
    for name in ("OURVOICE_RECEIPT_PEPPER", "OURVOICE_ENCRYPTION_KEY", "OURVOICE_HMAC_KEY"):
        assert name in result.stderr
    assert "DJANGO_SECRET_KEY" not in result.stderr
    same = {**_random_keys(), "OURVOICE_HMAC_KEY": reused, "OURVOICE_ENCRYPTION_KEY": reused}
    result = _check({"OURVOICE_ENV": "production", **same}, tmp_path)
    assert (
        result.returncode != 0
        and "OURVOICE_HMAC_KEY must differ from OURVOICE_ENCRYPTION_KEY" in result.stderr
    )


@pytest.mark.parametrize("purpose", sorted(KEY_PURPOSES.values()))
def test_every_spelling_of_a_development_key_is_published(purpose):
    raw = hmac.new(DEVELOPMENT_SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    for spelling in (
        _derived(purpose),
        _derived(purpose).rstrip("="),
        raw.hex(),
        base64.b64encode(raw).decode(),
    ):
        assert key_problems({"OURVOICE_HMAC_KEY": spelling}) != []
    assert key_problems({"OURVOICE_HMAC_KEY": secrets.token_urlsafe(32)}) == []


def test_development_defaults_put_sqlite_under_the_data_dir(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "OURVOICE_DATA_DIR": str(tmp_path),
        }
        | {"DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(tmp_path / "ourvoice.sqlite3"), result.stderr
