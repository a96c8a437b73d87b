"""Key rotation (issue 19, point 4): each key is rotated while reports keep arriving through the
API, and afterwards every case, file, contact detail, receipt, retry, API key and opt-in still
works, with the old key removed where the design allows it (docs/operations.md)."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import base64
import os

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from ourvoice.apikeys.selectors import apikey_authenticate
from ourvoice.apikeys.services import apikey_create
from ourvoice.cases.models import Case
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.channels.common.models import Conversation, Subscription
from ourvoice.channels.common.services import (
    address_forget,
    conversation_lock,
    conversation_save,
    conversation_state,
    subscription_create,
)
from ourvoice.core.crypto import decrypt, lookup_hash
from ourvoice.core.published import key_problems
from ourvoice.feedback.models import Attachment, Feedback
from ourvoice.feedback.tests.test_files import jpeg_with_metadata
from ourvoice.ops.files import orphan_files_remove
from ourvoice.ops.keys import TARGETS, _rewrite_column, _rows, keys_rotate, pending_targets

pytestmark = pytest.mark.django_db
PHONE = "012345678"


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.fixture(autouse=True)
def _no_checkpoints(settings):
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 1000  # one test client sends every report
    cache.clear()
    yield
    cache.clear()


def _submit(area, number: int, **headers: object) -> dict:
    data = {
        **_report(area, number),
        "attachments": [SimpleUploadedFile("p.jpg", jpeg_with_metadata())],
    }
    response = APIClient().post("/api/v1/feedback/", data, format="multipart", **headers)  # type: ignore[arg-type]
    assert response.status_code in (200, 201), response.content
    return response.json()


def _report(area, number: int) -> dict:
    from ourvoice.api.tests.helpers import report_data

    return report_data(
        area, description=f"សំណើ {number}: office closed", contact_phone=PHONE, contact_consent=True
    )


def _seen_by_staff(head) -> dict[str, object]:
    """Every case page, file download and contact detail, as the office head sees them."""
    office = client_for(head)
    seen: dict[str, object] = {}
    for case in Case.objects.select_related("feedback").order_by("pk"):
        page = office.get(f"/en/staff/cases/{case.pk}/")
        assert page.status_code == 200
        contact = office.post(f"/en/staff/cases/{case.pk}/contact/")
        assert contact.status_code == 200 and PHONE in contact.content.decode()
        for attachment in Attachment.objects.filter(feedback=case.feedback).order_by("pk"):
            download = office.get(f"/en/staff/cases/{case.pk}/files/{attachment.pk}/")
            assert download.status_code == 200
            seen[f"file {case.pk}/{attachment.pk}"] = download.content
    return seen


def _track(receipt: str) -> int:
    return APIClient().post("/api/v1/track/", {"receipt": receipt}, format="json").status_code


def test_the_encryption_key_rotates_while_reports_arrive_and_nothing_is_lost(area, staff, settings):
    old, new = _key(), _key()
    settings.ENCRYPTION_KEY = old
    head = staff("office_head", office=area.commune_office)
    for number in range(3):
        _submit(area, number)
    before = _seen_by_staff(head)

    settings.ENCRYPTION_KEY = f"{new},{old}"
    arrived = 0
    first = True
    # Two rows per slice, and a new report through the API between slices, until the walk ends.
    while first or list(pending_targets()):
        keys_rotate(restart=first, limit=2, max_batches=1)
        first = False
        _submit(area, 100 + arrived)
        arrived += 1
    assert arrived >= 6

    settings.ENCRYPTION_KEY = new  # the old key is gone
    orphan_files_remove(older_than=__import__("datetime").timedelta(0))  # old ciphertext files
    after = _seen_by_staff(head)
    assert Feedback.objects.count() == 3 + arrived and len(after) == 3 + arrived
    assert {name: after[name] for name in before} == before  # the same decrypted files


def test_a_row_a_request_changes_during_the_rotation_keeps_what_the_request_wrote(settings):
    old, new = _key(), _key()
    settings.ENCRYPTION_KEY = old
    conversation = conversation_lock(channel="telegram", address="4242")
    conversation_save(conversation=conversation, state={"step": "description"})

    settings.ENCRYPTION_KEY = f"{new},{old}"
    target = next(t for t in TARGETS if t.name == "chat conversations")
    [read] = _rows(target, after=0, limit=10)  # the rotation has read the row ...
    conversation_save(conversation=conversation, state={"step": "files"})  # ... a message arrives
    assert _rewrite_column(target, read) is False  # ... and its write does not overwrite it

    keys_rotate()
    settings.ENCRYPTION_KEY = new
    conversation.refresh_from_db()
    assert conversation_state(conversation=conversation) == {"step": "files"}


def test_the_hmac_key_rotates_and_retries_api_keys_chats_and_opt_ins_still_work(area, settings):
    old, new = _key(), _key()
    settings.HMAC_KEY = old
    idempotency = {"HTTP_IDEMPOTENCY_KEY": "8d0c5a3e-7c1b-4f7e-9d7a-0123456789ab"}
    first = _submit(area, 1, **idempotency)
    issued = apikey_create(name="municipal portal")
    case = Case.objects.get()
    subscription = subscription_create(case=case, channel="telegram", address="777", language="km")
    assert subscription is not None
    conversation = conversation_lock(channel="telegram", address="777")
    conversation_save(conversation=conversation, state={"step": "kind"})

    settings.HMAC_KEY = f"{new},{old}"
    assert _submit(area, 1, **idempotency) == first  # a retry gets its first answer back
    assert apikey_authenticate(key=issued.key) is not None
    found = conversation_lock(channel="telegram", address="777")
    assert found.pk == conversation.pk and conversation_state(conversation=found) == {"step": "kind"}
    assert found.address_hash == lookup_hash("777", purpose="telegram-address")  # re-keyed on use

    call_command("keys_rotate")  # queued; the test's Huey runs the slices at once
    subscription.refresh_from_db()
    assert subscription.address_hash == lookup_hash("777", purpose="telegram-address")

    settings.HMAC_KEY = new
    again = subscription_create(case=case, channel="telegram", address="777", language="en")
    assert again is not None and again.pk == subscription.pk and Subscription.objects.count() == 1
    assert address_forget(channel="telegram", address="777") == 1
    assert not Conversation.objects.exists()


def test_receipts_issued_before_a_pepper_rotation_still_open_their_cases(area, settings):
    old, new = _key(), _key()
    settings.RECEIPT_PEPPER = old
    idempotency = {"HTTP_IDEMPOTENCY_KEY": "0f6b1d2c-3e4f-4a5b-8c9d-abcdefabcdef"}
    presented = _submit(area, 1)["receipt"]
    retried = _submit(area, 2, **idempotency)
    never_presented = _submit(area, 3)["receipt"]

    settings.RECEIPT_PEPPER = f"{new},{old}"
    arriving = _submit(area, 4)["receipt"]
    assert _submit(area, 2, **idempotency) == retried  # the same receipt again, within the window
    for receipt in (presented, retried["receipt"], never_presented, arriving):
        assert _track(receipt) == 200
    assert _track(presented[:-1] + str((int(presented[-1]) + 1) % 10)) != 200

    # Opened once under the new list, a receipt's hash moved to the newest pepper: it opens
    # without the old one. (A receipt never presented needs the old pepper: it stays listed.)
    settings.RECEIPT_PEPPER = new
    for receipt in (presented, retried["receipt"], arriving, never_presented):
        assert _track(receipt) == 200


def test_keys_rotate_resumes_where_it_stopped_and_reports_progress(area, settings, capsys):
    old, new = _key(), _key()
    settings.ENCRYPTION_KEY = old
    for number in range(3):
        _submit(area, number)
    settings.ENCRYPTION_KEY = f"{new},{old}"
    keys_rotate(restart=True, limit=1, max_batches=2)  # interrupted after two rows
    call_command("keys_rotate", "--status")
    assert "feedback contact details" in capsys.readouterr().out

    call_command("keys_rotate", "--resume", "--foreground")
    captured = capsys.readouterr()
    assert "feedback contact details: 1 seen, 1 rewritten" in captured.err  # went on at the third
    assert "attachment files: 3 seen, 3 rewritten" in captured.err
    call_command("keys_rotate", "--status")
    assert "Rotation finished" in capsys.readouterr().out

    settings.ENCRYPTION_KEY = new
    for feedback in Feedback.objects.all():
        assert PHONE in decrypt(bytes(feedback.contact_ciphertext or b""), purpose="contact").decode()


def test_production_checks_every_key_of_a_list():
    good, other = _key(), _key()
    assert key_problems({"OURVOICE_HMAC_KEY": f"{good},{other}"}) == []
    assert key_problems({"OURVOICE_HMAC_KEY": f"{good},short"})
    assert key_problems({"OURVOICE_HMAC_KEY": good, "OURVOICE_ENCRYPTION_KEY": f"{other},{good}"})
