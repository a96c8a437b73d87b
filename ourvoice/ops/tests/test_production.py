"""Production settings (issue 8, point 1): deploy checks, JSON logs with no client address,
the read-replica router, and attachments in S3-compatible storage (a local emulator over HTTP)."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import contextlib
import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from config.storages import default_storage_from_env
from ourvoice.api.tests.helpers import report_data
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.core.crypto import decrypt
from ourvoice.feedback.models import Attachment
from ourvoice.feedback.tests.test_files import png_with_metadata
from ourvoice.ops.tests.processes import PYTHON, ROOT, Server, database_url, free_port, production_env

SENTINEL_FORWARDED = "198.51.100.77"
SENTINEL_SOURCE = "127.8.8.8"  # a loopback address of its own: REMOTE_ADDR is the sentinel
SENTINEL_AGENT = "SentinelAgent/9.9"


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = production_env(tmp_path, database="postgres://ourvoice:secret@db.internal:5432/ourvoice")
    env["DJANGO_ALLOWED_HOSTS"] = "ourvoice.example.gov.kh"
    env["DJANGO_CSRF_TRUSTED_ORIGINS"] = "https://ourvoice.example.gov.kh"
    return env | extra


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = _production(
        tmp_path,
        REDIS_URL="redis://redis.internal:6379/0",
        DATABASE_REPLICA_URL="postgres://ourvoice:secret@replica.internal:5432/ourvoice",
        OURVOICE_S3_BUCKET="ourvoice-files",
        OURVOICE_S3_ENDPOINT_URL="https://s3.example.gov.kh",
        DJANGO_SECURE_SSL_REDIRECT="1",
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_csrf_protection(tmp_path):
    """The check that stands in for the silenced security.W003 does fail when CSRF is off."""
    code = (
        "import django, sys; from django.conf import settings; django.setup();"
        "from ourvoice.ops.checks import csrf_middleware_check;"
        "settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if 'csrf' not in m.lower()];"
        "print([e.id for e in csrf_middleware_check()])"
    )
    env = {**_production(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "['ops.E001']", result.stderr


def _settings_value(env: dict[str, str], expression: str) -> str:
    code = f"import django; from django.conf import settings; django.setup(); print({expression})"
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


ROUTE = (
    "(sorted(settings.DATABASES), "
    "__import__('django.db', fromlist=['x']).router.db_for_read("
    "__import__('ourvoice.analytics.models', fromlist=['x']).Fact), "
    "__import__('django.db', fromlist=['x']).router.db_for_read("
    "__import__('ourvoice.cases.models', fromlist=['x']).Case), "
    "__import__('ourvoice.ops.routers', fromlist=['x']).reporting_database(), "
    "__import__('django.db', fromlist=['x']).router.db_for_read("
    "__import__('ourvoice.analytics.models', fromlist=['x']).ExportJob))"
)


def test_without_a_replica_everything_reads_from_default(tmp_path):
    answer = _settings_value(_production(tmp_path), ROUTE)
    assert answer == "(['default'], 'default', 'default', 'default', 'default')"


def test_with_a_replica_analytics_reads_go_to_it(tmp_path):
    env = _production(tmp_path, DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/ourvoice")
    answer = _settings_value(env, ROUTE)
    # The rollups and explicit reporting reads use the replica; cases and export jobs (read right
    # after they are written) stay on the primary.
    assert answer == "(['default', 'replica'], 'replica', 'default', 'replica', 'default')"
    assert _settings_value(env, "settings.DATABASES['replica']['HOST']") == "replica.internal"


def test_redis_and_s3_are_switched_on_by_the_environment(tmp_path):
    env = _production(tmp_path, REDIS_URL="redis://redis.internal:6379/3", OURVOICE_S3_BUCKET="files")
    expression = (
        "(settings.CACHES['default']['BACKEND'], settings.HUEY['huey_class'], "
        "settings.STORAGES['default']['BACKEND'])"
    )
    assert _settings_value(env, expression) == (
        "('ourvoice.core.cache.RedisCache', 'huey.RedisHuey', 'storages.backends.s3.S3Storage')"
    )


# --- Logs ------------------------------------------------------------------------------------


def _raw_request(port: int, data: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(SENTINEL_SOURCE, 0)) as s:
        s.sendall(data)
        with contextlib.suppress(OSError):
            s.recv(4096)


@pytest.mark.django_db(transaction=True)
def test_log_lines_are_json_and_never_carry_a_client_address(tmp_path, seeded, area):
    log = tmp_path / "server.log"
    env = production_env(
        tmp_path,
        database=database_url(tmp_path),
        LOG_LEVEL="DEBUG",
        OURVOICE_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR",
    )
    server = Server(env, log, workers=1, threads=2).start()
    try:
        session = requests.Session()
        session.mount("http://", _SourceAddressAdapter(SENTINEL_SOURCE))
        headers = {"X-Forwarded-For": SENTINEL_FORWARDED, "User-Agent": SENTINEL_AGENT}
        bad_receipt = {"receipt": "1234 5678 9012 3456 7890"}
        answers = [
            session.get(server.url + "/km/", headers=headers).status_code,
            session.get(server.url + "/km/no-such-page/", headers=headers).status_code,
            session.post(server.url + "/km/track/", data={"receipt": "1"}, headers=headers).status_code,
            *[
                session.post(server.url + "/api/v1/track/", json=bad_receipt, headers=headers).status_code
                for _ in range(12)
            ],
            session.get(server.url + "/healthz", headers={**headers, "Host": "evil.example"}).status_code,
        ]
        _raw_request(server.port, b"NOT HTTP AT ALL\r\n\r\n")
        time.sleep(0.5)
    finally:
        server.stop()
    # Not found, CSRF refused, wrong receipts then throttled, and a bad host all happened.
    assert {404, 403, 429, 400} <= set(answers), answers
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    messages = " ".join(record["message"] for record in records)
    assert "Forbidden (CSRF" in messages
    assert "Invalid HTTP_HOST header" in messages
    assert "Invalid request from ip=[address]" in messages  # gunicorn's own warning, scrubbed
    text = log.read_text()
    for sentinel in (SENTINEL_FORWARDED, SENTINEL_SOURCE, SENTINEL_AGENT):
        assert sentinel not in text


class _SourceAddressAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


# --- Object storage ----------------------------------------------------------------------------


@pytest.fixture
def s3_emulator(tmp_path):
    """moto's S3 server on a free loopback port: the real S3 protocol over HTTP."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=(tmp_path / "moto.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url, timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def s3_bucket(s3_emulator, settings, monkeypatch):
    """Files in a bucket of the emulator, as OURVOICE_S3_* switch them on; the boto3 client."""
    credentials = {"OURVOICE_S3_ACCESS_KEY_ID": "test-key", "OURVOICE_S3_SECRET_ACCESS_KEY": "test-secret"}
    for name, value in {
        "OURVOICE_S3_BUCKET": "ourvoice-files",
        "OURVOICE_S3_ENDPOINT_URL": s3_emulator,
        "OURVOICE_S3_REGION": "ap-southeast-1",
        "OURVOICE_S3_PREFIX": "install-1",
        "OURVOICE_S3_ADDRESSING_STYLE": "path",
        **credentials,
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
        Bucket="ourvoice-files", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
    return s3


def test_attachments_are_stored_encrypted_in_s3_and_read_back_by_staff(s3_bucket, area, staff):
    s3 = s3_bucket
    photo = SimpleUploadedFile("sign.png", png_with_metadata(), content_type="image/png")
    response = APIClient().post(
        "/api/v1/feedback/", {**report_data(area), "attachments": [photo]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    objects = s3.list_objects_v2(Bucket="ourvoice-files")["Contents"]
    assert [o["Key"] for o in objects] == [f"install-1/attachments/{attachment.stored_name}"]
    stored = s3.get_object(Bucket="ourvoice-files", Key=objects[0]["Key"])["Body"].read()
    assert b"PNG" not in stored[:16] and b"IHDR" not in stored  # ciphertext, not an image

    officer = staff("office_staff", office=area.commune_office)
    url = f"/en/staff/cases/{attachment.feedback.case.pk}/files/{attachment.pk}/"
    download = client_for(officer).get(url)
    assert download.status_code == 200
    assert download.content == decrypt(stored, purpose="file")
    assert Image.open(io.BytesIO(download.content)).size == (10, 10)


def _bucket_keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket="ourvoice-files").get("Contents", [])}


def test_past_the_retention_period_the_files_are_gone_from_object_storage(
    s3_bucket, area, django_capture_on_commit_callbacks
):
    """SECURITY.md C5 with S3-compatible storage: the purge deletes the objects themselves (the
    local-disk story is tests/flows/test_retention.py); a younger case keeps its files."""
    import datetime

    import time_machine
    from django.conf import settings
    from django.utils import timezone

    from ourvoice.cases.models import Case, Status
    from ourvoice.cases.services import case_transition
    from ourvoice.feedback.tasks import purge_expired_feedback

    def report() -> Case:
        photo = SimpleUploadedFile("sign.png", png_with_metadata(), content_type="image/png")
        response = APIClient().post(
            "/api/v1/feedback/", {**report_data(area), "attachments": [photo]}, format="multipart"
        )
        assert response.status_code == 201, response.content
        receipt = response.json()["receipt"]
        reply = {"receipt": receipt, "body": "ថែមរូបមួយទៀត", "attachments": [photo]}
        photo.seek(0)
        assert APIClient().post("/api/v1/track/messages/", reply, format="multipart").status_code == 201
        case = Case.objects.get(feedback__locator=receipt.replace(" ", "")[:8])
        with django_capture_on_commit_callbacks(execute=True):
            case_transition(case=case, to_status=Status.REJECTED, actor=None, reason="Not ours.")
        return case

    start = timezone.now()
    old = report()
    old_keys = {
        f"install-1/attachments/{a.stored_name}" for a in Attachment.objects.filter(feedback=old.feedback)
    }
    assert len(old_keys) == 2 and _bucket_keys(s3_bucket) == old_keys
    with time_machine.travel(start + datetime.timedelta(days=100), tick=False):
        report()
    young_keys = _bucket_keys(s3_bucket) - old_keys
    assert len(young_keys) == 2

    expired = start + datetime.timedelta(days=settings.RETENTION_DAYS + 1)
    with time_machine.travel(expired, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_feedback.call_local() == 1

    assert _bucket_keys(s3_bucket) == young_keys
    assert not Attachment.objects.filter(feedback=old.feedback).exists()
