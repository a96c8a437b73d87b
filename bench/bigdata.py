"""A PostgreSQL database with millions of synthetic reports, shared by the large-data benchmarks.

``prepare(records)`` gives a ``Site`` (bench/harness.py) for the database
``ourvoice_bench_<records>`` (prefix ``$BENCH_DATABASE_PREFIX``) on ``$BENCH_POSTGRES_URL``:

- if the database exists and holds at least ``records`` reports, it is reused as it is (making
  10 million takes about half an hour; see docs/performance.md, "Synthetic data");
- otherwise it is created (UTF-8, C.UTF-8, from template0), migrated, loaded with the gazetteer,
  every office and the demo accounts (``geo_load``, ``offices_generate``, ``demo_seed``), then
  ``demo_synthesize --records N`` and ``VACUUM ANALYZE``;
- either way, ``search_index_build`` then builds the search index that bulk loads leave to the
  worker, if it is missing (about half an hour at 10 million).

The database is kept afterwards (drop it by hand: ``dropdb ourvoice_bench_10000000``). Its data
directory (demo accounts file, collected static files, logs) is ``$BENCH_DATA_DIR`` or
``/tmp/ourvoice-bench-<records>``. The returned ``Site.env`` runs the app with production
settings (as ``harness.postgres_installation``); data commands run with development settings,
because the demo commands refuse production. ``records`` defaults to ``$BENCH_RECORDS`` or 10
million. ``staff_sessions`` signs in the demo staff of each scope for HTTP requests.
"""

import json
import os
import subprocess
import time
import uuid
from pathlib import Path

import psycopg

from bench.common import PYTHON, ROOT
from bench.harness import (
    DATABASE_PREFIX,
    POSTGRES_URL,
    REDIS_URL,
    STATIC_IGNORED,
    Figure,
    Site,
    _key,
    _redis_reachable,
    write_section,
)

DEFAULT_RECORDS = 10_000_000
# The demo staff of each scope (ourvoice/demo/README.md): the office head of the busiest kind of
# commune (a pilot sangkat of Phnom Penh), a district ombudsman, a provincial administration and
# national oversight.
ROLES = {
    "office head (Sangkat Tonle Basak)": "demo_office_head",
    "district ombudsman (Chamkar Mon)": "demo_ombudsman",
    "provincial administration (Phnom Penh)": "demo_provincial_admin",
    "national oversight": "demo_national_oversight",
}


def records_wanted() -> int:
    return int(os.environ.get("BENCH_RECORDS", DEFAULT_RECORDS))


def _count(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            row = connection.execute("SELECT count(*) FROM feedback_feedback").fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


def _environments(name: str, data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(development env for the data commands, production env for serving)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "OURVOICE_"))}
    base.pop("REDIS_URL", None)
    base.update(
        {"OURVOICE_DATA_DIR": str(data_dir), "DATABASE_URL": f"{POSTGRES_URL}/{name}", "LOG_LEVEL": "WARNING"}
    )
    keys_file = data_dir / "bench-keys.json"
    if not keys_file.exists():  # the same keys on every reuse (sessions survive, hashes match)
        data_dir.mkdir(parents=True, exist_ok=True)
        keys = {
            "DJANGO_SECRET_KEY": "bench-" + _key() + _key(),
            "OURVOICE_RECEIPT_PEPPER": _key(),
            "OURVOICE_ENCRYPTION_KEY": _key(),
            "OURVOICE_HMAC_KEY": _key(),
        }
        keys_file.write_text(json.dumps(keys))
        keys_file.chmod(0o600)
    base.update(json.loads(keys_file.read_text()))
    development = {**base, "OURVOICE_ENV": "development"}
    production = {
        **base,
        "OURVOICE_ENV": "production",
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    if _redis_reachable():
        queue = f"ourvoicebench{uuid.uuid4().hex[:10]}"
        production.update(
            {"REDIS_URL": REDIS_URL, "OURVOICE_HUEY_NAME": queue, "OURVOICE_CACHE_PREFIX": queue}
        )
    return development, production


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(records: int | None = None) -> Site:
    """The database with ``records`` synthetic reports, made or reused (see the module docstring)."""
    records = records or records_wanted()
    name = f"{DATABASE_PREFIX}_{records}"
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", f"/tmp/ourvoice-bench-{records}"))  # noqa: S108
    development, production = _environments(name, data_dir)
    url = f"{POSTGRES_URL}/{name}"
    if _count(url) >= records:
        print(f"bench: reusing database {name} ({records:,} reports; migrating it if needed)", flush=True)
        _manage(development, "migrate", "--noinput", "-v0")
    else:
        print(f"bench: making database {name} with {records:,} synthetic reports...", flush=True)
        with psycopg.connect(POSTGRES_URL + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                " TEMPLATE template0"
            )
        _manage(development, "migrate", "--noinput", "-v0")
        _manage(development, "geo_load", "--quiet")
        _manage(development, "offices_generate", "--quiet")
        _manage(development, "demo_seed", "-v0")
        started = time.monotonic()
        _manage(development, "demo_synthesize", "--records", str(records), "--seed", "1")
        _record_generation(url, records, time.monotonic() - started)
    # The benchmarks measure the site in its steady state: with the search index that a bulk load
    # leaves to the worker (about half an hour at 10 million; nothing when it is there).
    _manage(development, "search_index_build")
    _manage(production, "collectstatic", "--noinput", "-v0", *[f"-i={n}" for n in STATIC_IGNORED])
    return Site(env=production, database=url, name=name)


def _record_generation(url: str, records: int, seconds: float) -> None:
    """docs/performance.md, "Synthetic data": how long ``demo_synthesize`` took (one section per size)."""
    with psycopg.connect(url) as connection:
        size = connection.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
        events = connection.execute("SELECT count(*) FROM cases_caseevent").fetchone()
    # Issue 6: 1 million in a few minutes, 10 million well under an hour.
    target = 60 * 60 if records >= 10_000_000 else 5 * 60 if records >= 1_000_000 else None
    write_section(
        f"synthetic-{records}",
        f"Synthetic data: demo_synthesize --records {records:,}",
        [
            Figure(
                "whole run (load, index rebuild, VACUUM ANALYZE)",
                f"{seconds / 60:.1f} min",
                f"< {target // 60} min" if target else "–",
                seconds < target if target else None,
            ),
            Figure("reports (with case, events, ratings) per second", f"{records / seconds:,.0f}"),
            Figure("case events", f"{events[0] if events else 0:,}"),
            Figure("database size", str(size[0] if size else "?")),
        ],
        notes=["PostgreSQL on the same machine; other work on the machine at the same time slows it."],
    )


SESSION_SCRIPT = """
import json
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from ourvoice.accounts.models import User
out = {}
for username in %r:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    out[username] = session.session_key
print(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "sessions": out}))
"""


def staff_sessions(site: Site, usernames: list[str]) -> dict[str, str]:
    """A ``Cookie`` header per username: a session as a password + TOTP sign-in leaves it
    (as the tests' ``sign_in_verified``); sent by hand because production cookies are Secure."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SESSION_SCRIPT % (usernames,)],
        cwd=ROOT,
        env=site.env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return {name: f"{found['cookie']}={key}" for name, key in found["sessions"].items()}


def machine_load_note(before: float) -> str:
    """What else the machine was doing: the 1-minute load average before and after the run."""
    after = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    busy = (
        " - other work shared the cores, so these latencies are pessimistic"
        if max(before, after) > cores
        else ""
    )
    return f"Load average (1 min) on {cores} cores: {before:.1f} before, {after:.1f} after the run{busy}."
