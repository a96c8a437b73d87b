"""Shared pieces of the benchmarks: a real server on loopback and the results file.

Benchmarks are measurements, not tests: they print and record figures with the machine, the date
and the commit in docs/performance.md, each between its own markers so runs replace old figures.
"""

import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
LAST_DATA_DIR = ""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}, {platform.system()}"


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record(section: str, body: str) -> None:
    """Replace the section between its markers in docs/performance.md (append if new)."""
    stamp = f"_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}, commit {commit()}._"
    block = f"<!-- bench:{section}:start -->\n{stamp}\n\n{body.strip()}\n<!-- bench:{section}:end -->"
    text = PERFORMANCE_MD.read_text() if PERFORMANCE_MD.exists() else "# Performance\n"
    pattern = re.compile(rf"<!-- bench:{section}:start -->.*?<!-- bench:{section}:end -->", re.S)
    text = pattern.sub(block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    PERFORMANCE_MD.write_text(text)
    print(body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_site(*, env: dict[str, str] | None = None) -> Iterator[str]:
    """A fresh installation (SQLite unless DATABASE_URL is given) served by gunicorn on loopback."""
    global LAST_DATA_DIR
    data_dir = Path(tempfile.mkdtemp(prefix="ourvoice-bench-"))
    LAST_DATA_DIR = str(data_dir)
    environment = {**os.environ, "OURVOICE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": ""}
    environment.pop("DJANGO_SETTINGS_MODULE")
    environment.update(env or {})
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["geo_load", "--quiet"],
        ["offices_generate", "--quiet"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=environment, check=True)
    port = _free_port()
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "-c", "config/gunicorn.py", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 - loopback
                    break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
