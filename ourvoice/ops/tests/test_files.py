"""Orphan files (SECURITY.md G1): a crash between writing a report's files and committing it
leaves files no row names; the clean-up removes them, and only them."""

import io
import os
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from ourvoice.api.tests.helpers import report_data
from ourvoice.feedback.models import Attachment
from ourvoice.feedback.tests.test_files import png_with_metadata
from ourvoice.ops.backup import storage_names


def _leftover(name: str, age_seconds: int) -> str:
    """A file as a killed process leaves it: written, encrypted, named by no row."""
    path = default_storage.save(f"attachments/{name}", ContentFile(os.urandom(64)))
    then = time.time() - age_seconds
    os.utime(default_storage.path(path), (then, then))
    return path


def test_orphans_older_than_the_grace_period_are_removed_and_nothing_else(area, db):
    photo = SimpleUploadedFile("sign.png", png_with_metadata())
    response = APIClient().post(
        "/api/v1/feedback/", {**report_data(area), "attachments": [photo]}, format="multipart"
    )
    assert response.status_code == 201
    kept = f"attachments/{Attachment.objects.get().stored_name}"
    old = _leftover("a" * 32, age_seconds=2 * 3600)
    fresh = _leftover("b" * 32, age_seconds=60)  # perhaps a submission still in flight

    dry, out = io.StringIO(), io.StringIO()
    call_command("ops_remove_orphan_files", "--dry-run", stdout=dry)
    assert f"Would delete {old}" in dry.getvalue()
    assert default_storage.exists(old)

    call_command("ops_remove_orphan_files", stdout=out)

    assert "Deleted 1 orphan file(s)." in out.getvalue()
    assert set(storage_names(default_storage)) == {kept, fresh}
    call_command("ops_remove_orphan_files", "--older-than", "0", stdout=io.StringIO())
    assert set(storage_names(default_storage)) == {kept}


def test_a_row_whose_file_is_missing_is_reported(area, db):
    photo = SimpleUploadedFile("sign.png", png_with_metadata())
    APIClient().post("/api/v1/feedback/", {**report_data(area), "attachments": [photo]}, format="multipart")
    name = f"attachments/{Attachment.objects.get().stored_name}"
    default_storage.delete(name)
    err = io.StringIO()
    call_command("ops_remove_orphan_files", stdout=io.StringIO(), stderr=err)
    assert f"Missing from storage (its row remains): {name}" in err.getvalue()
