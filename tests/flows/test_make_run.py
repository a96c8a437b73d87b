"""`make run` as a newcomer runs it: the site, the worker and the demo's synthetic history start,
serve Khmer, log on one clock, and stop on Ctrl-C leaving no process behind.

This drives the real Makefile, honcho, gunicorn, the Huey consumer and ``demo_history`` against
SQLite in a temporary data directory (a small history: DEMO_REPORTS, DEMO_MONTHS). It is the
suite's slowest test, started first (conftest.py), bounded in time.

honcho starts each process in a process group of its own, so "the group of `make` is gone" says
nothing of gunicorn or the worker: the processes are found by what only this run's processes
have, the data directory in their environment (honcho's children inherit it) or command line.
"""

import datetime
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[2]
DEMO_REPORTS = 1200
# 2026-12-06T16:30:00.123+00:00 at the start of a log line (ops/logging.py).
ISO_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00) ")
ANY_TIME_LINE = re.compile(r"^\d{4}-\d\d-\d\d")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> Any:
    return urllib.request.urlopen(url, timeout=10)  # noqa: S310 - loopback only


def _wait_for(url: str, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"make run exited early with {proc.returncode}")
        try:
            with _get(url) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in time")


def _start(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_", "REDIS_"))}
    env.update(
        {
            "OURVOICE_DATA_DIR": str(data_dir),
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "DEMO_REPORTS": str(DEMO_REPORTS),
            "DEMO_MONTHS": "3",
            "TZ": "Asia/Phnom_Penh",  # the local clock of the pilot: logs must not follow it
        }
    )
    return subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C would reach
    )


def processes_of(data_dir: Path) -> list[psutil.Process]:
    """Every live process of a `make run` on ``data_dir``, whatever its process group."""
    found = []
    for process in psutil.process_iter():
        if process.pid == os.getpid():
            continue
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                continue
            mine = process.environ().get("OURVOICE_DATA_DIR") == str(data_dir)
            if mine or str(data_dir) in " ".join(process.cmdline()):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def _stop_with_ctrl_c(proc: subprocess.Popen[bytes], data_dir: Path) -> None:
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=40)
    deadline = time.monotonic() + 15
    while (left := processes_of(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    described = [f"{p.pid} {' '.join(p.cmdline())}" for p in left if p.is_running()]
    for process in left:  # never leave them to the next test, even when failing
        process.kill()
    assert not described, f"left running after Ctrl-C: {described}"


def _query(db: Path, sql: str) -> tuple[object, ...]:
    with sqlite3.connect(db) as conn:
        return tuple(conn.execute(sql).fetchone())


def _counts(db: Path) -> tuple[object, ...]:
    return _query(
        db,
        "select (select count(*) from geo_commune), (select count(*) from offices_office),"
        " (select count(*) from accounts_user), (select count(*) from feedback_feedback),"
        " (select made from demo_synthetichistory)",
    )


def _wait_for_history(db: Path, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"make run exited early with {proc.returncode}"
        try:
            if _query(db, "select count(*) from demo_synthetichistory where finished_at is not null")[0]:
                return
        except sqlite3.OperationalError:  # not created yet, or the writer holds the lock
            pass
        time.sleep(1)
    raise AssertionError("the synthetic history was not made in time")


def _check_log_times(output: str, started: datetime.datetime) -> None:
    """Every line that starts with a time starts with ISO 8601 in UTC with its offset, and that
    time is now (not seven hours away): gunicorn's master and workers, Huey, demo_history."""
    stamped = [line for line in output.splitlines() if ANY_TIME_LINE.match(line)]
    bad = [line for line in stamped if not ISO_LINE.match(line)]
    assert not bad, f"log lines without an ISO 8601 UTC time: {bad[:5]}"
    now = datetime.datetime.now(datetime.UTC)
    for line in stamped:
        match = ISO_LINE.match(line)
        assert match
        at = datetime.datetime.fromisoformat(match.group(1))
        assert started - datetime.timedelta(seconds=5) <= at <= now, line
    for source in ("Starting gunicorn", "Booting worker", "Huey consumer started", "Synthetic demo history"):
        assert any(source in line for line in stamped), f"no timed line from {source!r}"


def test_make_run_serves_khmer_fills_the_demo_and_stops_leaving_nothing(tmp_path):
    data_dir, port, log = tmp_path / "var", _free_port(), tmp_path / "run.log"
    db = data_dir / "ourvoice.sqlite3"
    base = f"http://127.0.0.1:{port}"
    started = datetime.datetime.now(datetime.UTC)

    proc = _start(data_dir, port, log)
    try:
        _wait_for(f"{base}/healthz", proc, time.monotonic() + 240)
        assert {"gunicorn", "run_huey"} <= {
            word for p in processes_of(data_dir) for arg in p.cmdline() for word in (Path(arg).name, arg)
        }  # what the leftover check looks for is found while they run
        with _get(f"{base}/km/") as response:
            page = response.read().decode()
        assert 'lang="km"' in page
        assert "សំឡេងយើង" in page
        output = log.read_text()
        assert "Huey consumer started" in output
        assert f"http://127.0.0.1:{port}/" in output
        accounts = json.loads((data_dir / "demo-accounts.json").read_text())
        assert {a["role"] for a in accounts} >= {"office_staff", "office_head", "system_admin"}
        for account in accounts:
            assert account["username"] in output  # the demo accounts are printed
        # Open311 serves the demo data, in both formats.
        with _get(f"{base}/open311/v2/services.json") as response:
            assert response.headers["Content-Type"] == "application/json; charset=utf-8"
            services = json.loads(response.read())
        assert {"slow-service", "unofficial-fee"} <= {service["service_code"] for service in services}
        with _get(f"{base}/open311/v2/discovery.xml") as response:
            discovery = response.read().decode()
        assert discovery.startswith('<?xml version="1.0" encoding="utf-8"?>')
        assert "<specification>http://wiki.open311.org/GeoReport_v2</specification>" in discovery
        with _get(f"{base}/open311/v2/requests.json") as response:
            assert len(json.loads(response.read())) >= 3
        assert json.loads((data_dir / "demo-api-key.json").read_text())["demo"] is True

        # The synthetic history fills in beside the site, with progress, then shows on the
        # transparency page with real figures, marked as synthetic.
        _wait_for_history(db, proc, time.monotonic() + 240)
        output = log.read_text()
        assert f"Synthetic demo history: {DEMO_REPORTS:,} of {DEMO_REPORTS:,} reports (100%)" in output
        assert "Synthetic demo history: ready" in output
        with _get(f"{base}/en/transparency/") as response:
            transparency = response.read().decode()
        assert f'data-synthetic="{DEMO_REPORTS}"' in transparency
        assert "Synthetic demo data." in transparency
        _check_log_times(log.read_text(), started)
    finally:
        _stop_with_ctrl_c(proc, data_dir)
    first = _counts(db)
    assert first[0] == 1652
    assert first[3] >= DEMO_REPORTS and first[4] == DEMO_REPORTS

    # A second `make run` keeps what is there (the history is not made again).
    size = log.stat().st_size
    manifest = data_dir / "static" / "staticfiles.json"
    collected = manifest.stat().st_mtime_ns
    proc = _start(data_dir, port, log)
    try:
        _wait_for(f"{base}/healthz", proc, time.monotonic() + 240)
        deadline = time.monotonic() + 60
        while "already there (kept)" not in log.read_text()[size:] and time.monotonic() < deadline:
            time.sleep(0.5)
        again = log.read_text()[size:]
        assert f"Synthetic demo history: {DEMO_REPORTS:,} reports, already there (kept)." in again
        assert manifest.stat().st_mtime_ns == collected  # nothing changed: not collected again
    finally:
        _stop_with_ctrl_c(proc, data_dir)
    assert _counts(db) == first


def test_a_leftover_in_a_process_group_of_its_own_is_found(tmp_path):
    """What the test above relies on: a process of the run is found whatever its group."""
    data_dir = tmp_path / "var"
    env = {**os.environ, "OURVOICE_DATA_DIR": str(data_dir)}
    leftover = subprocess.Popen(["sleep", "60"], env=env, start_new_session=True)
    try:
        assert os.getpgid(leftover.pid) != os.getpgid(0)
        assert [p.pid for p in processes_of(data_dir)] == [leftover.pid]
        assert processes_of(tmp_path / "another") == []
    finally:
        leftover.kill()
        leftover.wait()
    assert processes_of(data_dir) == []
