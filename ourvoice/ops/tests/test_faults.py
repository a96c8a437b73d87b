"""Faults (issue 8, point 5; SECURITY.md G1-G3).

1. SIGKILL of web workers, of the whole web server and of the Huey consumer at random moments,
   while clients submit reports with files and retry (same idempotency key) as a phone would:
   every report acknowledged with a receipt is there once, complete, with its files decryptable;
   nothing half-written remains (the orphan clean-up removes the files of killed submissions).
2. A restart of PostgreSQL (a private throwaway cluster, never the shared server): the site
   answers 503 on its health check while the database is down and serves again afterwards,
   without being restarted itself.
"""

import io
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.core.files.storage import default_storage
from django.db import connection
from PIL import Image

from ourvoice.cases.models import Case, CaseEvent
from ourvoice.core.crypto import decrypt
from ourvoice.feedback.models import Attachment, Feedback
from ourvoice.feedback.tests.test_files import jpeg_with_metadata, png_with_metadata
from ourvoice.ops.backup import storage_names
from ourvoice.ops.tests.processes import (
    SECRETS,
    Server,
    Worker,
    database_url,
    free_port,
    manage,
    production_env,
    redis_cleanup,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="processes killed while writing at once need PostgreSQL (CI's PostgreSQL pass runs this)",
    ),
]

CLIENTS = 4
CHAOS_SECONDS = 12
FILES = {"photo.jpg": jpeg_with_metadata(), "sign.png": png_with_metadata()}


def _submit_until_acknowledged(url: str, area, key: str, stop_at: float) -> dict | None:
    """Send one report, retrying with the same key on any failure, as the app does; None if never."""
    data = {
        "kind": "complaint",
        "category": "slow-service",
        "commune": area.commune.code,
        "about_office": False,
    }
    data["description"] = f"ការិយាល័យបិទ {key[:8]}"
    while time.monotonic() < stop_at:
        files = [("attachments", (name, content)) for name, content in FILES.items()]
        try:
            response = requests.post(
                f"{url}/api/v1/feedback/",
                data=data,
                files=files,
                headers={"Idempotency-Key": key},
                timeout=30,
            )
        except requests.RequestException:
            time.sleep(0.2)
            continue
        if response.status_code in (200, 201):
            return response.json()
        assert response.status_code >= 500, response.content  # never a 4xx for a valid report
        time.sleep(0.2)
    return None


def test_killed_processes_lose_no_acknowledged_report_and_leave_nothing_half_written(
    tmp_path, area, settings
):
    env = production_env(tmp_path, database=database_url(tmp_path), redis=True, GUNICORN_TIMEOUT="20")
    web = Server(env, tmp_path / "web.log", workers=2, threads=2).start()
    worker = Worker(env, tmp_path / "worker.log", threads=2).start()
    acknowledged: dict[str, dict] = {}
    lock = threading.Lock()
    chaos_over = threading.Event()
    kills = {"web worker": 0, "web server": 0, "huey consumer": 0}

    def client() -> None:
        stop_at = time.monotonic() + CHAOS_SECONDS + 30
        while not chaos_over.is_set():
            key = uuid.uuid4().hex + "-faults"
            body = _submit_until_acknowledged(web.url, area, key, stop_at)
            if body is not None:
                with lock:
                    acknowledged[key] = body

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        rng = random.Random()
        # Each kind of kill at least once (in a random order), then random ones until time is up.
        first = rng.sample(list(kills), len(kills))
        end = time.monotonic() + CHAOS_SECONDS
        while first or time.monotonic() < end:
            time.sleep(rng.uniform(0.3, 1.2))
            kind = first.pop() if first else rng.choices(list(kills), weights=[5, 2, 3])[0]
            if kind == "web worker" and web.worker_pids():
                os.kill(rng.choice(web.worker_pids()), 9)  # gunicorn starts another
            elif kind == "web server":
                web.kill()
                web.start()
            else:
                kind = "huey consumer"
                worker.kill()
                worker.start()
            kills[kind] += 1
        chaos_over.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
        assert all(kills.values()), kills
        assert len(acknowledged) >= 5, "too few reports got through to mean anything"

        # Every acknowledged receipt still tracks through the (restarted) server.
        for body in acknowledged.values():
            tracked = requests.post(f"{web.url}/api/v1/track/", json={"receipt": body["receipt"]}, timeout=30)
            assert tracked.status_code == 200, (body["reference"], tracked.status_code)
        # Files of killed submissions: nobody names them; the clean-up removes them.
        cleanup = manage(env, "ops_remove_orphan_files", "--older-than", "0")
        assert cleanup.returncode == 0, cleanup.stderr
    finally:
        chaos_over.set()
        web.stop()
        worker.stop()
        redis_cleanup(env["OURVOICE_HUEY_NAME"])

    # Acknowledged: stored once each, with its case, its first events and both files.
    references = [body["reference"] for body in acknowledged.values()]
    assert Feedback.objects.filter(reference__in=references).count() == len(references)
    assert all(body["attachments"] == len(FILES) for body in acknowledged.values())
    # Nothing half-written, acknowledged or not: every report is complete.
    settings.MEDIA_ROOT = Path(env["OURVOICE_DATA_DIR"]) / "media"
    settings.ENCRYPTION_KEY = SECRETS["OURVOICE_ENCRYPTION_KEY"]
    for feedback in Feedback.objects.all():
        case = Case.objects.get(feedback=feedback)
        types = set(CaseEvent.objects.filter(case=case).values_list("type", flat=True))
        assert {CaseEvent.Type.SUBMITTED, CaseEvent.Type.ROUTED} <= types
        attachments = Attachment.objects.filter(feedback=feedback)
        assert attachments.count() == len(FILES)
        for attachment in attachments:
            with default_storage.open(f"attachments/{attachment.stored_name}", "rb") as stored:
                image = Image.open(io.BytesIO(decrypt(stored.read(), purpose="file")))
            assert image.size in {(64, 48), (10, 10)}
    files = set(storage_names(default_storage))
    named = {f"attachments/{name}" for name in Attachment.objects.values_list("stored_name", flat=True)}
    assert files == named  # no row without its file, no file without its row


# --- PostgreSQL restart ------------------------------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=60, check=True
    )


@dataclass
class Cluster:
    port: str
    pg_ctl: list[str]


@pytest.fixture
def private_postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster on a free port, owned by this test alone."""
    if os.geteuid() != 0 or not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("needs root, runuser and PostgreSQL 15's initdb/pg_ctl (as on CI)")
    folder = Path(tempfile.mkdtemp(prefix="ourvoice-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w"]
    _as_postgres(*pg_ctl, "start")
    try:
        yield Cluster(port=str(port), pg_ctl=pg_ctl)
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *pg_ctl[:3], "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_the_site_answers_again_after_postgresql_restarts(tmp_path, area, private_postgres):
    port, pg_ctl = private_postgres.port, private_postgres.pg_ctl
    url = f"postgres://postgres@127.0.0.1:{port}/ourvoice"
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-T", "template0", "ourvoice"],
        check=True,
    )
    # The test database as it is (schema, migrations, the area), copied into the private cluster.
    dump = subprocess.run(["pg_dump", "--no-owner", database_url(tmp_path)], capture_output=True, check=True)
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=dump.stdout, capture_output=True, check=True
    )
    env = production_env(tmp_path, database=url)
    web = Server(env, tmp_path / "web.log", workers=1, threads=2).start()
    report = {
        "kind": "complaint",
        "category": "slow-service",
        "commune": area.commune.code,
        "description": "ផ្លូវខូច",
        "about_office": False,  # the routing question (issue 15)
    }
    try:
        assert requests.post(f"{web.url}/api/v1/feedback/", json=report, timeout=30).status_code == 201

        _as_postgres(*pg_ctl, "-m", "fast", "stop")
        assert requests.get(f"{web.url}/healthz", timeout=30).status_code == 503

        _as_postgres(*pg_ctl, "start")
        assert requests.get(f"{web.url}/healthz", timeout=30).status_code == 200
        created = requests.post(f"{web.url}/api/v1/feedback/", json=report, timeout=30)
        assert created.status_code == 201
        tracked = requests.post(
            f"{web.url}/api/v1/track/", json={"receipt": created.json()["receipt"]}, timeout=30
        )
        assert tracked.status_code == 200
        assert web.process is not None and web.process.poll() is None  # the same server throughout
    finally:
        web.stop()
