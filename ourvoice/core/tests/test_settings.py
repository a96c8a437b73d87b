import os
import subprocess
import sys
from pathlib import Path

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


def test_production_refuses_sqlite(tmp_path):
    secrets = {
        name: "s" * 43 for name in ("OURVOICE_RECEIPT_PEPPER", "OURVOICE_ENCRYPTION_KEY", "OURVOICE_HMAC_KEY")
    }
    result = _check({"OURVOICE_ENV": "production", "DJANGO_SECRET_KEY": "k" * 60, **secrets}, tmp_path)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


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
