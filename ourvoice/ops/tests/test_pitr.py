"""Point-in-time recovery with pgBackRest (issue 19, point 2; docs/operations.md).

A throwaway PostgreSQL cluster of its own (initdb in a temporary folder, a Unix socket only, a
free port) archives its WAL with pgBackRest configured as in docs/operations.md; after a full
backup, rows are written at three moments, and the cluster is restored to a moment between the
second and the third: it holds exactly the rows of the first two.

Needs PostgreSQL's server binaries and pgBackRest (Debian: postgresql-15, pgbackrest; .ci/run
installs pgbackrest) and, as root, the ``postgres`` user to run them; skipped otherwise.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

_VERSIONS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
PG_BINS = [p for p in _VERSIONS if (p / "postgres").exists()]
PG_BIN = PG_BINS[0] if PG_BINS else Path("/nonexistent")
STANZA = "ourvoice"


def _postgres_user() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


pytestmark = pytest.mark.skipif(
    not PG_BINS or shutil.which("pgbackrest") is None or (os.geteuid() == 0 and _postgres_user() is None),
    reason="needs PostgreSQL's server binaries, pgBackRest and (as root) the postgres user",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.folder, self.data, self.port = folder, folder / "data", _free_port()
        self.config = folder / "pgbackrest.conf"

    def run(self, *command: str, check: bool = True) -> str:
        """Run as the postgres user (PostgreSQL refuses root), in the cluster's folder."""
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*prefix, *command], cwd=self.folder, capture_output=True, text=True, timeout=300
        )
        if check:
            assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
        return done.stdout

    def sql(self, statement: str) -> str:
        return self.run(
            str(PG_BIN / "psql"), "-h", str(self.folder), "-p", str(self.port), "-d", "postgres",
            "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", statement,
        ).strip()  # fmt: skip

    def backrest(self, *command: str) -> str:
        return self.run("pgbackrest", f"--config={self.config}", f"--stanza={STANZA}", *command)

    def start(self) -> None:
        log = str(self.folder / "pg.log")
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", "start")

    def stop(self) -> None:
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)


@pytest.fixture
def cluster():
    # Not under pytest's tmp folder: that one is private to root, and the cluster runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="ourvoice-pitr-"))
    user = _postgres_user()
    if os.geteuid() == 0 and user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    folder.chmod(0o700)
    made = Cluster(folder)
    made.run(
        str(PG_BIN / "initdb"), "-D", str(made.data), "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"
    )
    # The configuration of docs/operations.md, with this cluster's paths.
    made.config.write_text(
        f"""[global]
repo1-path={folder / "repo"}
repo1-retention-full=2
start-fast=y
archive-async=n
compress-type=zst
process-max=2
log-level-console=warn
log-level-file=off
lock-path={folder / "lock"}
spool-path={folder / "spool"}

[{STANZA}]
pg1-path={made.data}
pg1-socket-path={folder}
pg1-port={made.port}
"""
    )
    with (made.data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"""
port = {made.port}
listen_addresses = ''
unix_socket_directories = '{folder}'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config={made.config} --stanza={STANZA} archive-push %p'
max_wal_senders = 3
"""
        )
    made.start()
    yield made
    made.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_a_point_in_time_restore_finds_exactly_what_existed_then(cluster):
    cluster.backrest("stanza-create")
    cluster.backrest("check")  # WAL reaches the repository
    cluster.sql("CREATE TABLE report (id serial PRIMARY KEY, text text NOT NULL)")
    cluster.sql("INSERT INTO report (text) VALUES ('before the backup')")
    cluster.backrest("--type=full", "backup")

    cluster.sql("INSERT INTO report (text) VALUES ('after the backup')")
    time.sleep(1.1)
    moment = cluster.sql("SELECT clock_timestamp()")  # what the operator will ask for
    time.sleep(1.1)
    cluster.sql("INSERT INTO report (text) VALUES ('the mistake')")
    cluster.sql("DELETE FROM report WHERE text = 'before the backup'")
    cluster.sql("SELECT pg_switch_wal()")
    cluster.backrest("check")  # every WAL segment up to now is archived
    assert "backup" in cluster.backrest("info")

    cluster.stop()
    cluster.backrest("--delta", "--type=time", f"--target={moment}", "--target-action=promote", "restore")
    cluster.start()
    for _ in range(50):  # recovery replays the archive, then promotes
        if cluster.sql("SELECT pg_is_in_recovery()") == "f":
            break
        time.sleep(0.2)

    rows = cluster.sql("SELECT text FROM report ORDER BY id").splitlines()
    assert rows == ["before the backup", "after the backup"]
