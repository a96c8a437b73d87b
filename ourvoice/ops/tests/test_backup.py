"""Backup and restore (issue 8, point 3; issue 19, point 1; SECURITY.md G5).

An installation is filled through the interfaces people use (reports with files from the API,
messages both ways, status changes by staff), backed up, emptied (database flushed, files
deleted), restored, and then every case opens on the staff case page with its files, and every
receipt still tracks with the same timeline and messages. Each kind of backup: the engine's own
(pg_dump / SQLite's backup API, whichever engine the suite runs on) and the portable one.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import io
import json
import os
import subprocess
import tarfile
import uuid
from collections.abc import Callable

import pytest
import requests
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from rest_framework.test import APIClient

from ourvoice.accounts.models import User
from ourvoice.api.tests.helpers import report_data
from ourvoice.cases import search
from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.tasks import build_search_indexes
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.cases.tests.test_search_plans import handling_office_mismatches
from ourvoice.core.bulk_load import foreign_keys, secondary_indexes
from ourvoice.feedback.models import Attachment, Category, Feedback
from ourvoice.feedback.tests.test_files import jpeg_with_metadata, png_with_metadata
from ourvoice.messaging.models import Message
from ourvoice.ops import backup
from ourvoice.ops.backup import backup_models, storage_names
from ourvoice.ops.tests.processes import PYTHON, ROOT, SECRETS, Server, manage, production_env
from ourvoice.ops.tests.test_production import s3_emulator  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def _fill(area, staff) -> tuple[list[str], User]:
    api = APIClient()
    receipts = []
    for number in range(4):
        data = report_data(area, description=f"ការិយាល័យបិទទ្វារ {number} — office closed")
        if number % 2 == 0:
            photo = SimpleUploadedFile("p.jpg", jpeg_with_metadata())
            sign = SimpleUploadedFile("s.png", png_with_metadata())
            response = api.post(
                "/api/v1/feedback/", {**data, "attachments": [photo, sign]}, format="multipart"
            )
        else:
            response = api.post("/api/v1/feedback/", data, format="json")
        assert response.status_code == 201, response.content
        receipts.append(response.json()["receipt"])
    officer = staff("office_staff", office=area.commune_office, email="officer@example.org")
    office = client_for(officer)
    for case in Case.objects.all()[:2]:
        assert (
            office.post(f"/en/staff/cases/{case.pk}/status/", {"to_status": "acknowledged"}).status_code
            == 302
        )
        assert office.post(f"/en/staff/cases/{case.pk}/message/", {"body": "ចាំបន្តិច"}).status_code == 302
    reply = {
        "receipt": receipts[0],
        "body": "សូមអរគុណ",
        "attachments": [SimpleUploadedFile("r.png", png_with_metadata())],
    }
    assert api.post("/api/v1/track/messages/", reply, format="multipart").status_code == 201
    return receipts, officer


def _observe(receipts: list[str], username: str) -> dict[str, object]:
    """What staff and citizens see: case pages, file downloads, and tracking answers."""
    office = client_for(User.objects.get(username=username))
    api = APIClient()
    seen: dict[str, object] = {}
    for case in Case.objects.select_related("feedback").order_by("pk"):
        page = office.get(f"/en/staff/cases/{case.pk}/")
        assert page.status_code == 200
        assert case.feedback.description in page.content.decode()
        for attachment in Attachment.objects.filter(feedback=case.feedback).order_by("pk"):
            download = office.get(f"/en/staff/cases/{case.pk}/files/{attachment.pk}/")
            assert download.status_code == 200
            seen[f"file {case.pk}/{attachment.pk}"] = download.content
    for receipt in receipts:
        tracked = api.post("/api/v1/track/", {"receipt": receipt}, format="json")
        assert tracked.status_code == 200
        seen[f"track {receipt}"] = tracked.json()
    return seen


def _indexes_and_keys() -> object:
    if connection.vendor != "postgresql":
        return None
    tables = [model._meta.db_table for model in backup_models()]
    # By name: PostgreSQL prints a re-created partial index's casts differently (the same index).
    return [name for name, _ in secondary_indexes(tables)], [key[:2] for key in foreign_keys(tables)]


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_a_restored_backup_opens_every_case_and_tracks_every_receipt(
    area, staff, tmp_path, settings, portable, capsys, monkeypatch
):
    receipts, officer = _fill(area, staff)
    before = _observe(receipts, officer.username)
    counts = {
        model: model.objects.count() for model in (Feedback, Case, CaseEvent, Attachment, Message, User)
    }
    assert counts[Attachment] == 5 and counts[Message] == 3
    archive = tmp_path / "ourvoice.tar"

    stamps = list(Category.objects.order_by("pk").values_list("pk", "updated_at"))
    call_command("backup", str(archive), *(["--portable"] if portable else []), "--jobs", "2")

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    database = {
        "portable": "database.jsonl.gz",
        "postgresql": "database/toc.dat",
        "sqlite": "database.sqlite3",
    }
    kind = "portable" if portable else connection.vendor
    assert manifest["kind"] == kind and database[kind] in names
    assert manifest["rows"]["feedback.feedback"] == 4
    assert {m["name"] for m in manifest["members"]} | {"manifest.json"} == {
        n for n in names if not n.startswith("files/")
    }
    assert len([n for n in names if n.startswith("files/attachments/")]) == 5
    assert "files: 5 of 5" in capsys.readouterr().err  # progress

    # An empty installation: no rows (not even the seeded categories), no files.
    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_names(default_storage)):
        default_storage.delete(name)
    assert Feedback.objects.count() == 0 and not list(storage_names(default_storage))

    schema = _indexes_and_keys()
    left_to_the_worker = []
    monkeypatch.setattr(backup, "build_search_indexes", lambda: left_to_the_worker.append(True))
    call_command("restore", str(archive), "--jobs", "2")

    assert {model: model.objects.count() for model in counts} == counts
    if connection.vendor == "postgresql":
        # The slowest index to build is left out of the restore and handed to the worker.
        assert left_to_the_worker == [True] and not search.office_trigram_index_ready()
        assert build_search_indexes.call_local() is True
    assert _indexes_and_keys() == schema  # the portable load's deferred indexes and keys are all back
    # Every row as it was, to the microsecond: a restore is not an edit (`auto_now` stays as stored).
    assert list(Category.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    after = _observe(receipts, officer.username)
    assert after == before  # the same pages, the same decrypted files, the same timelines

    # New work goes on after a restore: sequences continue after the restored ids.
    response = APIClient().post("/api/v1/feedback/", report_data(area), format="json")
    assert response.status_code == 201
    if connection.vendor == "postgresql":
        # The reports' handling office (search): kept by a trigger that the portable load turns
        # off, filled after the load, and on again for the new report.
        assert handling_office_mismatches() == 0


def test_restore_refuses_an_installation_that_is_not_empty(area, tmp_path):
    response = APIClient().post("/api/v1/feedback/", report_data(area), format="json")
    assert response.status_code == 201, response.content
    archive = tmp_path / "ourvoice.tar"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="empty installation"):
        call_command("restore", str(archive))
    assert Feedback.objects.count() == 1


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w"):
        pass
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(bogus))


def test_a_database_copy_without_the_pepper_opens_no_case(area, staff, tmp_path, settings):
    """SECURITY.md B2: the copy holds only salted, peppered Argon2id hashes of the secrets; restored
    where the pepper is missing, every real receipt is refused, while with the pepper each opens."""
    settings.RECEIPT_PEPPER = "the-installation-pepper-kept-in-its-environment"
    settings.HMAC_KEY = "the-installation-hmac-key"  # the thief is even given the other keys
    settings.ENCRYPTION_KEY = "the-installation-encryption-key"
    receipts, _officer = _fill(area, staff)
    archive = tmp_path / "copy.tar"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:  # every member as stored (the database is not compressed)
        copy = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())  # type: ignore[union-attr]
    for receipt in receipts:
        assert receipt.replace(" ", "")[8:].encode() not in copy  # no secret digits in the copy

    # The thief's installation: the copy restored, the pepper setting dropped (a development
    # pepper derived from its own secret key takes its place), then another secret key too.
    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_names(default_storage)):
        default_storage.delete(name)
    call_command("restore", str(archive))

    def tracked(address: str) -> list[int]:
        api = APIClient()
        return [
            api.post("/api/v1/track/", {"receipt": r}, format="json", REMOTE_ADDR=address).status_code
            for r in receipts
        ]

    settings.RECEIPT_PEPPER = ""
    assert tracked("10.9.0.1") == [404] * len(receipts)
    settings.SECRET_KEY = "the-thief's-own-secret-key-" + "x" * 40
    assert tracked("10.9.0.2") == [404] * len(receipts)
    # The same copy with the pepper opens every case: only the pepper was missing.
    settings.RECEIPT_PEPPER = "the-installation-pepper-kept-in-its-environment"
    assert tracked("10.9.0.3") == [200] * len(receipts)


def _rewrite(archive, change) -> None:
    """Rewrite ``archive`` with ``change(name, data) -> data`` applied to every member."""
    with tarfile.open(archive) as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(archive, "w") as tar:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("damaged", ["database", "file"])
def test_restore_refuses_a_damaged_archive_before_it_writes_anything(area, tmp_path, damaged):
    photo = SimpleUploadedFile("p.jpg", jpeg_with_metadata())
    data = {**report_data(area), "attachments": [photo]}
    assert APIClient().post("/api/v1/feedback/", data, format="multipart").status_code == 201
    archive = tmp_path / "ourvoice.tar"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    target = (
        manifest["members"][-1]["name"] if damaged == "database" else "files/" + manifest["files"][0]["name"]
    )

    def flip(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name == target else data

    _rewrite(archive, flip)
    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_names(default_storage)):
        default_storage.delete(name)

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(archive))
    assert Feedback.objects.count() == 0 and not list(storage_names(default_storage))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="moves a pilot from SQLite to PostgreSQL")
def test_a_pilot_on_sqlite_moves_to_postgresql_by_the_portable_archive(area, staff, tmp_path):
    """The pilot's data is made here, carried into a SQLite installation by another process,
    backed up there (portable), and restored into this empty PostgreSQL installation."""
    receipts, officer = _fill(area, staff)
    before = _observe(receipts, officer.username)
    call_command("backup", str(tmp_path / "seed.tar"), "--portable")
    pilot = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_TEST_TEMPLATE")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pilot.sqlite3'}",
    }
    # One process (the test settings give each process a storage folder of its own).
    script = "from django.core.management import call_command as c; c('restore', 'seed.tar'); " + (
        "c('backup', '--portable', 'pilot.tar')"
    )
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "shell", "-c", script],
        cwd=tmp_path,
        env=pilot,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with tarfile.open(tmp_path / "pilot.tar") as tar:
        assert json.load(tar.extractfile("manifest.json"))["engine"] == "sqlite"  # type: ignore[arg-type]

    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_names(default_storage)):
        default_storage.delete(name)
    call_command("restore", str(tmp_path / "pilot.tar"))

    assert _observe(receipts, officer.username) == before
    assert APIClient().post("/api/v1/feedback/", report_data(area), format="json").status_code == 201


def _other_engine(tmp_path) -> tuple[str, Callable[[], None]]:
    """A fresh, empty database on the engine the suite is not running on, and how to drop it."""
    if connection.vendor == "postgresql":
        return f"sqlite:///{tmp_path / 'moved.sqlite3'}", lambda: None
    import psycopg

    params = {
        "host": "127.0.0.1",
        "port": 5432,
        "user": "postgres",
        "dbname": "postgres",
        "connect_timeout": 3,
    }
    try:
        server = psycopg.connect(**params, autocommit=True)  # type: ignore[arg-type]
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server on 127.0.0.1 to move the backup to: {error}")
    name = f"ourvoice_move_{uuid.uuid4().hex[:12]}"
    locale = "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    server.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' {locale} TEMPLATE template0")

    def drop() -> None:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.close()

    return f"postgres://postgres@127.0.0.1:5432/{name}", drop


def test_a_backup_moves_to_the_other_engine_and_every_receipt_opens_there(area, staff, tmp_path, settings):
    """G5 and docs/operations.md: a pilot on SQLite moves to PostgreSQL (and a PostgreSQL install to
    SQLite) with one `backup --portable` here and one `restore` there, as an operator runs them; a real
    server on the restored copy then opens every receipt with the same answer as before."""
    settings.SECRET_KEY = SECRETS["DJANGO_SECRET_KEY"]  # the keys the other installation has
    settings.RECEIPT_PEPPER = SECRETS["OURVOICE_RECEIPT_PEPPER"]
    settings.ENCRYPTION_KEY = SECRETS["OURVOICE_ENCRYPTION_KEY"]
    settings.HMAC_KEY = SECRETS["OURVOICE_HMAC_KEY"]
    receipts, _officer = _fill(area, staff)
    before = {r: APIClient().post("/api/v1/track/", {"receipt": r}, format="json").json() for r in receipts}
    archive = tmp_path / "move.tar"
    call_command("backup", str(archive), "--portable")  # a native backup restores into its own engine

    target, drop = _other_engine(tmp_path)
    try:
        env = production_env(tmp_path, database=target)
        restored = manage(env, "restore", str(archive), timeout=600)
        assert restored.returncode == 0, restored.stdout[-2000:] + restored.stderr[-2000:]
        server = Server(env, tmp_path / "server.log").start()
        try:
            after = {
                r: requests.post(server.url + "/api/v1/track/", json={"receipt": r}, timeout=30).json()
                for r in receipts
            }
        finally:
            server.stop()
    finally:
        drop()
    assert after == before


def test_stored_files_in_s3_are_backed_up_and_put_back(
    s3_emulator, settings, monkeypatch, area, staff, tmp_path
):
    """The files part with S3-compatible storage (moto's server, the real protocol over HTTP)."""
    import boto3

    from config.storages import default_storage_from_env

    for name, value in {
        "OURVOICE_S3_BUCKET": "ourvoice-backup",
        "OURVOICE_S3_ENDPOINT_URL": s3_emulator,
        "OURVOICE_S3_REGION": "ap-southeast-1",
        "OURVOICE_S3_ADDRESSING_STYLE": "path",
        "OURVOICE_S3_ACCESS_KEY_ID": "test-key",
        "OURVOICE_S3_SECRET_ACCESS_KEY": "test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_emulator,
        region_name="ap-southeast-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    s3.create_bucket(
        Bucket="ourvoice-backup", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
    receipts, officer = _fill(area, staff)
    before = _observe(receipts, officer.username)
    archive = tmp_path / "ourvoice.tar"
    call_command("backup", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    for item in s3.list_objects_v2(Bucket="ourvoice-backup").get("Contents", []):
        s3.delete_object(Bucket="ourvoice-backup", Key=item["Key"])
    call_command("restore", str(archive))

    assert len(s3.list_objects_v2(Bucket="ourvoice-backup")["Contents"]) == 5
    assert _observe(receipts, officer.username) == before
