"""The shared harness of the server benchmarks: PostgreSQL, gunicorn, locust, and the report.

A benchmark module (``bench/citizen.py`` is the model) does, in order:

    with postgres_installation() as site:          # a fresh database, migrated, with the country
        with gunicorn(site) as server:              # production settings, on a free loopback port
            result = run_locust("intake", server, users=16, seconds=20)
    write_section("intake", "Title", [Figure(...), ...], notes=[...])

- ``postgres_installation`` creates a throwaway database named ``$BENCH_DATABASE_PREFIX_<pid>``
  on ``$BENCH_POSTGRES_URL`` (default postgres://postgres@127.0.0.1:5432), applies migrations,
  loads the gazetteer and generates every office, and drops the database afterwards. A module
  that needs more data (10 million cases) fills ``site.env["DATABASE_URL"]`` before serving.
- ``gunicorn`` serves it with production settings: Redis (``$BENCH_REDIS_URL``, default
  database 8, keys under a name unique to the run) for the cache and the queue, JSON logs.
- ``run_locust`` runs a locustfile of ``bench/locustfiles/`` headless, for a bounded time, and
  returns requests/s, failures and percentiles from locust's CSV statistics.
- ``write_section`` writes a marked section of docs/performance.md: machine, date, commit
  (``bench.common.record``) and a table with the target beside each figure, met or not.
"""

import base64
import csv
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import psutil
import psycopg
import requests

from bench.common import PYTHON, ROOT, _free_port, record

T = TypeVar("T")

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "ourvoice_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
LOCUSTFILES = Path(__file__).resolve().parent / "locustfiles"
# Static files every page needs; the admin's and the API docs' are not served by the benchmarks.
STATIC_IGNORED = ["drf_spectacular_sidecar", "admin", "rest_framework", "import_export"]


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@dataclass
class Site:
    env: dict[str, str]
    database: str
    name: str


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def errors(self) -> list[str]:
        """Error lines gunicorn and the app logged (JSON lines, ourvoice/ops/logging.py)."""
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("level") in {"ERROR", "CRITICAL"}:
                found.append(f"{record.get('logger')}: {record.get('message', '')[:160]}")
        return found

    def worker_pids(self) -> list[int]:
        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def worker_rss_mib(self) -> list[float]:
        return [psutil.Process(pid).memory_info().rss / 2**20 for pid in self.worker_pids()]


@dataclass
class LocustResult:
    users: int
    seconds: int
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: list[str] = field(default_factory=list)


@dataclass
class Figure:
    name: str
    measured: str
    target: str = "–"
    met: bool | None = None  # None: no target

    def row(self) -> str:
        verdict = {None: "", True: "met", False: "**not met**"}[self.met]
        return f"| {self.name} | {self.measured} | {self.target} | {verdict} |"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


@contextmanager
def postgres_installation() -> Iterator[Site]:
    """A fresh, migrated database with the whole country's places and offices; dropped afterwards."""
    name = f"{DATABASE_PREFIX}_{os.getpid()}"
    admin = psycopg.connect(POSTGRES_URL + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    locale = "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"  # UTF-8 letters for trigram search (KHMER.md)
    admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' {locale} TEMPLATE template0")
    data_dir = Path(tempfile.mkdtemp(prefix="ourvoice-bench-"))
    queue = f"ourvoicebench{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "OURVOICE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        {
            "OURVOICE_ENV": "production",
            "OURVOICE_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"{POSTGRES_URL}/{name}",
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_SECRET_KEY": "bench-" + _key() + _key(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "OURVOICE_RECEIPT_PEPPER": _key(),
            "OURVOICE_ENCRYPTION_KEY": _key(),
            "OURVOICE_HMAC_KEY": _key(),
            "LOG_LEVEL": "WARNING",
            # Every simulated citizen comes from loopback: the per-client and per-office limits
            # on new reports would stop them as one flood.
            "OURVOICE_SUBMISSIONS_PER_CLIENT_PER_HOUR": "1000000",
            "OURVOICE_SUBMISSIONS_PER_OFFICE_PER_HOUR": "1000000",
            "OURVOICE_RECEIPT_RETRIES_PER_CLIENT": "1000000",
        }
    )
    if _redis_reachable():
        env.update({"REDIS_URL": REDIS_URL, "OURVOICE_HUEY_NAME": queue, "OURVOICE_CACHE_PREFIX": queue})
    try:
        print(f"bench: preparing database {name} (migrate, gazetteer, offices)...", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0", *[f"-i={n}" for n in STATIC_IGNORED])
        manage(env, "geo_load", "--quiet")
        manage(env, "offices_generate", "--quiet")
        yield Site(env=env, database=env["DATABASE_URL"], name=queue)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        if "REDIS_URL" in env:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(f"*{queue}*"))
            if keys:
                client.delete(*keys)


def gunicorn_workers() -> int:
    """One worker per core, as config/gunicorn.py advises for this CPU-bound (Argon2) load."""
    return int(os.environ.get("BENCH_GUNICORN_WORKERS", os.cpu_count() or 2))


@contextmanager
def gunicorn(site: Site, *, workers: int | None = None, threads: int = 4) -> Iterator[Server]:
    port = _free_port()
    log = Path(site.env["OURVOICE_DATA_DIR"]) / f"gunicorn-{port}.log"
    env = {
        **site.env,
        "GUNICORN_WORKERS": str(workers or gunicorn_workers()),
        "GUNICORN_THREADS": str(threads),
    }
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "-c",
            "config/gunicorn.py",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not start")
        yield Server(url=url, process=process, log=log)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _cpu_kind(process: psutil.Process, server: Server) -> str | None:
    try:
        if process.pid == server.process.pid or process.ppid() == server.process.pid:
            return "web (gunicorn)"
        if process.ppid() == os.getpid():
            return None  # the load generator: counted from the children's times once it ended
        name = process.name()
        if name.startswith("postgres"):
            return "PostgreSQL"
        if name.startswith("redis"):
            return "Redis"
    except psutil.Error:
        return None
    return "other"


def _cpu_seconds(server: Server) -> dict[int, tuple[str, float]]:
    seconds = {}
    for process in psutil.process_iter():
        kind = _cpu_kind(process, server)
        if kind is None:
            continue
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        seconds[process.pid] = (kind, times.user + times.system)
    return seconds


def cpu_by_process(server: Server, during: "Callable[[], T]") -> "tuple[T, dict[str, float]]":
    """Run ``during()`` (a locust level) and say where the machine's CPU went meanwhile, in
    seconds per kind of process: the web workers, PostgreSQL, Redis, the load generator (this
    process's children that ended: locust) and everything else on the machine.

    Processes are sampled twice a second so that a PostgreSQL backend that ends meanwhile is still
    counted (up to its last half second)."""
    before, latest = _cpu_seconds(server), {}
    machine_before = psutil.cpu_times()
    children_before = os.times()
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            latest.update(_cpu_seconds(server))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = during()
    finally:
        stop.set()
        sampler.join()
    latest.update(_cpu_seconds(server))
    children_after, machine_after = os.times(), psutil.cpu_times()
    spent: dict[str, float] = {}
    for pid, (kind, total) in latest.items():
        spent[kind] = spent.get(kind, 0.0) + total - before.get(pid, (kind, 0.0))[1]
    spent["load generator (locust)"] = (children_after.children_user + children_after.children_system) - (
        children_before.children_user + children_before.children_system
    )
    busy = sum(
        getattr(machine_after, f) - getattr(machine_before, f)
        for f in ("user", "system", "nice", "irq", "softirq")
        if hasattr(machine_after, f)
    )
    # The sampler, the kernel and processes that started and ended between two samples.
    spent["other"] = max(busy - sum(v for k, v in spent.items() if k != "other"), 0.0)
    return result, spent


def run_locust(
    locustfile: str, server: Server, *, users: int, seconds: int, env: dict[str, str] | None = None
) -> LocustResult:
    """Run ``bench/locustfiles/<locustfile>.py`` headless against ``server``; bounded in time."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "run")
        command = [
            str(Path(PYTHON).parent / "locust"),
            "-f",
            str(LOCUSTFILES / f"{locustfile}.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            server.url,
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "ERROR",
        ]
        subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            check=False,
            timeout=seconds + 60,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # failures are read from the CSV below
        )
        with open(prefix + "_stats.csv") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
        total = rows["Aggregated"]
        errors = []
        if Path(prefix + "_failures.csv").exists():
            with open(prefix + "_failures.csv") as handle:
                errors = [f"{row['Occurrences']}× {row['Error'][:120]}" for row in csv.DictReader(handle)]
    return LocustResult(
        users=users,
        seconds=seconds,
        requests=int(total["Request Count"]),
        failures=int(total["Failure Count"]),
        rps=float(total["Requests/s"]),
        p50_ms=float(total["50%"]),
        p95_ms=float(total["95%"]),
        p99_ms=float(total["99%"]),
        errors=errors,
    )


def query(site: Site, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(site.database) as connection:
        return list(connection.execute(sql).fetchall())  # type: ignore[arg-type]


def write_section(section: str, title: str, figures: list[Figure], notes: list[str] | None = None) -> None:
    """A marked section of docs/performance.md: the stamp, a table of figures and targets, notes."""
    lines = [f"### {title}", "", "| figure | measured | target | |", "| --- | ---: | --- | --- |"]
    lines += [figure.row() for figure in figures]
    for note in notes or []:
        lines += ["", note]
    record(section, "\n".join(lines))
