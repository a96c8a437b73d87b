"""`make run` as a newcomer runs it: the site and the worker start, serve Khmer, and stop on Ctrl-C.

This drives the real Makefile, gunicorn and the Huey consumer against SQLite in a temporary
data directory. It is the suite's one slow start-up test, bounded in time.
"""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"make run exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in time")


def _start(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_", "REDIS_"))}
    env.update({"OURVOICE_DATA_DIR": str(data_dir), "PORT": str(port), "HOST": "127.0.0.1"})
    return subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C would reach
    )


def _stop_with_ctrl_c(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=40)
    time.sleep(1)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the group is left: neither gunicorn nor the worker


def _counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("select count(*) from geo_commune").fetchone()[0],
            conn.execute("select count(*) from offices_office").fetchone()[0],
            conn.execute("select count(*) from accounts_user").fetchone()[0],
        )


def test_make_run_serves_khmer_runs_the_worker_and_stops_cleanly(tmp_path):
    data_dir, port, log = tmp_path / "var", _free_port(), tmp_path / "run.log"
    base = f"http://127.0.0.1:{port}"

    proc = _start(data_dir, port, log)
    try:
        _wait_for(f"{base}/healthz", proc, time.monotonic() + 240)
        with urllib.request.urlopen(f"{base}/km/", timeout=10) as response:  # noqa: S310
            page = response.read().decode()
        assert 'lang="km"' in page
        assert "សំឡេងយើង" in page
        output = log.read_text()
        assert "Huey consumer started" in output or "Huey consumer" in output
        assert f"http://127.0.0.1:{port}/" in output
        accounts = json.loads((data_dir / "demo-accounts.json").read_text())
        assert {a["role"] for a in accounts} >= {"office_staff", "office_head", "system_admin"}
        for account in accounts:
            assert account["username"] in output  # the demo accounts are printed
        # Open311 serves the demo data, in both formats.
        with urllib.request.urlopen(f"{base}/open311/v2/services.json", timeout=10) as response:  # noqa: S310
            assert response.headers["Content-Type"] == "application/json; charset=utf-8"
            services = json.loads(response.read())
        assert {"slow-service", "unofficial-fee"} <= {service["service_code"] for service in services}
        with urllib.request.urlopen(f"{base}/open311/v2/discovery.xml", timeout=10) as response:  # noqa: S310
            discovery = response.read().decode()
        assert discovery.startswith('<?xml version="1.0" encoding="utf-8"?>')
        assert "<specification>http://wiki.open311.org/GeoReport_v2</specification>" in discovery
        with urllib.request.urlopen(f"{base}/open311/v2/requests.json", timeout=10) as response:  # noqa: S310
            assert len(json.loads(response.read())) >= 3
        assert json.loads((data_dir / "demo-api-key.json").read_text())["demo"] is True
    finally:
        _stop_with_ctrl_c(proc)
    first = _counts(data_dir / "ourvoice.sqlite3")
    assert first[0] == 1652

    # A second `make run` keeps what is there.
    proc = _start(data_dir, port, log)
    try:
        _wait_for(f"{base}/healthz", proc, time.monotonic() + 240)
    finally:
        _stop_with_ctrl_c(proc)
    assert _counts(data_dir / "ourvoice.sqlite3") == first
