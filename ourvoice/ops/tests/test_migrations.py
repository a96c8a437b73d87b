"""SECURITY.md G6: every migration applies cleanly to an empty database, on SQLite and on
PostgreSQL, a second run has nothing to do, and the models match the migrations
(``makemigrations --check``). Each runs ``manage.py`` as an operator would, in a process of its own,
against a database made for the test (never the shared test database). Each engine is tested in
the suite's run on that engine (CI runs the suite on both, ``.ci/run``), so neither run pays twice.
"""

import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest

from ourvoice.ops.tests.processes import PYTHON, ROOT

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _manage(*args: str, database: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "OURVOICE_"))}
    env.update({"DATABASE_URL": database, "OURVOICE_DATA_DIR": str(tmp_path / "data")})
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _assert_migrates_cleanly(database: str, tmp_path: Path) -> None:
    first = _manage("migrate", "--noinput", database=database, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    again = _manage("migrate", "--noinput", database=database, tmp_path=tmp_path)
    assert again.returncode == 0 and "No migrations to apply" in again.stdout, again.stdout + again.stderr
    check = _manage("makemigrations", "--check", "--dry-run", database=database, tmp_path=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.skipif(ON_POSTGRES, reason="tested in the suite's run on SQLite")
def test_every_migration_applies_to_an_empty_sqlite_database(tmp_path):
    _assert_migrates_cleanly(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path)


@pytest.mark.skipif(not ON_POSTGRES, reason="tested in the suite's run on PostgreSQL (DATABASE_URL)")
def test_every_migration_applies_to_an_empty_postgresql_database(tmp_path):
    params = dj_database_url.parse(os.environ["DATABASE_URL"])
    connect: dict[str, Any] = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
        "dbname": "postgres",
        "connect_timeout": 3,
    }
    name = f"ourvoice_g6_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**connect, autocommit=True) as admin:
        locale = "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        admin.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' {locale} TEMPLATE template0")
        try:
            password = f":{connect['password']}" if connect["password"] else ""
            url = f"postgres://{connect['user']}{password}@{connect['host']}:{connect['port']}/{name}"
            _assert_migrates_cleanly(url, tmp_path)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
