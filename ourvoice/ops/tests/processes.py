"""Real servers for the production-mode tests: gunicorn and Huey consumers as subprocesses.

They run with production settings against the test database (PostgreSQL: the test database
itself; SQLite: a file copy of the in-memory test database) and, where asked, Redis database 8
on loopback under names unique to the test. Everything started here is stopped by its id.
"""

import atexit
import base64
import functools
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
REDIS_URL = "redis://127.0.0.1:6379/8"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


# One set of secrets per test session: every process of a test must share them.
SECRETS = {
    "DJANGO_SECRET_KEY": "test-" + _key() + _key(),
    "OURVOICE_RECEIPT_PEPPER": _key(),
    "OURVOICE_ENCRYPTION_KEY": _key(),
    "OURVOICE_HMAC_KEY": _key(),
}


def database_url(tmp_path: Path) -> str:
    """A URL other processes can open for the current test database (needs transactional_db)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        return (
            f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    # SQLite's test database lives in memory: hand other processes a file copy of it.
    path = tmp_path / "copy.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


@functools.cache
def static_root() -> str:
    """The project's static files, collected once per test process (what production serves).

    Third-party folders only the admin and the API docs use are left out: no test here renders them.
    """
    folder = tempfile.mkdtemp(prefix="ourvoice-static-")
    atexit.register(shutil.rmtree, folder, True)
    atexit.register(shutil.rmtree, folder + "-data", True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"OURVOICE_STATIC_ROOT": folder, "OURVOICE_DATA_DIR": folder + "-data"})
    ignored = ["drf_spectacular_sidecar", "admin", "rest_framework", "import_export"]
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", *[f"-i={name}" for name in ignored]],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    return folder


LOOPBACK_CROWD = {
    "OURVOICE_SUBMISSIONS_PER_CLIENT_PER_HOUR": "1000000",
    "OURVOICE_SUBMISSIONS_PER_OFFICE_PER_HOUR": "1000000",
    "OURVOICE_RECEIPT_RETRIES_PER_CLIENT": "1000000",
}


def production_env(tmp_path: Path, *, database: str, redis: bool = False, **extra: str) -> dict[str, str]:
    """The environment of a production process on this machine, for one test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "OURVOICE_"))}
    env.pop("REDIS_URL", None)
    name = f"ourvoicetest{uuid.uuid4().hex[:12]}"  # Huey keeps only [a-z0-9] of it
    data_dir = tmp_path / "data"
    env.update(SECRETS)
    env.update(
        {
            "OURVOICE_ENV": "production",
            "OURVOICE_DATA_DIR": str(data_dir),
            "OURVOICE_STATIC_ROOT": static_root(),
            "DATABASE_URL": database,
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            # Every simulated citizen comes from this machine's one address: the per-client and
            # per-office limits (tested in ourvoice/feedback) would stop them as one flood.
            **LOOPBACK_CROWD,
        }
    )
    if database.startswith("sqlite"):
        env["OURVOICE_ALLOW_SQLITE"] = "1"
    if redis:
        env.update({"REDIS_URL": REDIS_URL, "OURVOICE_HUEY_NAME": name, "OURVOICE_CACHE_PREFIX": name})
    env.update(extra)
    return env


class Server:
    """A gunicorn master on a free loopback port; its log goes to a file."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1, threads: int = 4) -> None:
        self.env, self.log, self.workers, self.threads = env, log, workers, threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait: bool = True) -> "Server":
        env = {**self.env, "GUNICORN_WORKERS": str(self.workers), "GUNICORN_THREADS": str(self.threads)}
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi", "-c", "config/gunicorn.py", "-b", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.wait()
        return self

    def wait(self) -> None:
        assert self.process is not None
        wait_until_up(self.url + "/healthz", self.process)

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill(self) -> None:
        """SIGKILL the master and its workers, as a crash of the machine would."""
        if self.process is None:
            return
        # The master first, so that it cannot start a worker after its workers are killed.
        workers = self.worker_pids()
        for pid in [self.process.pid, *workers]:
            with _gone():
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=20)
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)  # killed workers are reaped by init: wait until they are gone

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class Worker:
    """A Huey consumer (``manage.py run_huey``) with thread workers."""

    def __init__(self, env: dict[str, str], log: Path, *, threads: int = 2) -> None:
        self.env, self.log, self.threads = env, log, threads
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> "Worker":
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "run_huey", "--workers", str(self.threads), "--worker-type", "thread"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self) -> None:
        if self.process is not None:
            with _gone():
                self.process.kill()
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}


@contextmanager
def _gone() -> Iterator[None]:
    with suppress(ProcessLookupError):
        yield


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url}: the server exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def manage(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a management command in its own process with ``env``."""
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def redis_cleanup(name: str) -> None:
    """Delete the keys a test's queue and cache left in Redis database 8."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"*{name}*"))
    if keys:
        client.delete(*keys)
