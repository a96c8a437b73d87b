"""SECURITY.md C5 end to end: a real report with a photo, a voice note, contact details, messages
with files and opt-ins to updates; the clock moves past the retention period; the daily task runs;
nothing of what the citizen gave is left (the media folder walked, both databases searched), while
the de-identified fields statistics need remain. A case closed more recently is untouched."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation
from PIL import Image

from ourvoice.accounts.models import Role
from ourvoice.cases.models import Case, CaseEvent, Rating, Status
from ourvoice.cases.search import FEEDBACK_INDEX
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.channels.common.models import Delivery, Subscription
from ourvoice.channels.common.services import subscription_create
from ourvoice.channels.common.tests.fakes import TelegramChat, fake_telegram  # noqa: F401
from ourvoice.feedback.models import Attachment, Feedback
from ourvoice.feedback.tasks import purge_expired_feedback
from ourvoice.feedback.tests.test_files import audio_with_tags
from ourvoice.messaging.models import Message
from ourvoice.web.tests.citizen import Citizen, form_url, send_form

pytestmark = pytest.mark.django_db

WORD = "Quetzalmorning"  # a word of the description, searched for before and after
DESCRIPTION = f"ខ្ញុំត្រូវបានទារប្រាក់ {WORD} នៅបញ្ជរ"
REPLY = "REPLY-SENTINEL the receipt number was 4471"
OFFICE_MESSAGE = "OFFICE-SENTINEL please come on Monday"
PHONE, TELEGRAM_NAME, CHAT_ID = "012 345 678", "@sokha_pp", 5_550_123_987


def _photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "teal").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _voice() -> SimpleUploadedFile:
    return SimpleUploadedFile("voice-note.webm", audio_with_tags(), content_type="audio/webm")


def _files_on_disk() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def _receipt(citizen: Citizen, lang: str) -> str:
    page = citizen.get(f"/{lang}/receipt/")
    latin = next(e for e in page.elements if e.attrs.get("name") == "receipt").attrs["value"]
    assert len(latin) == 20
    return latin


def _submit_with_everything(area) -> tuple[Citizen, str]:
    """A fee complaint on the web: photo, voice note, contact details with consent, profile."""
    citizen = Citizen()
    page = citizen.get(form_url(area, "complaint", "unofficial-fee", lang="en"))
    response = send_form(
        citizen,
        page,
        files=[_photo(), _voice()],
        description=DESCRIPTION,
        service_name="SERVICE-SENTINEL birth certificate",
        official_fee="4000",
        amount_paid="20000",
        receipt_given="no",
        q_who_asked="counter_staff",
        gender="female",
        age_band="25_34",
        disability="no",
        contact_consent="on",
        contact_phone=PHONE,
        contact_telegram=TELEGRAM_NAME,
    )
    assert response.status_code == 303, response.content.decode()[:2000]
    return citizen, _receipt(citizen, "en")


def _staff_act(client, case: Case, action: str, **data: str) -> None:
    response = client.post(f"/en/staff/cases/{case.pk}/{action}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _close(clerk, case: Case) -> None:
    case.refresh_from_db()
    steps = (Status.RESOLVED, Status.CLOSED) if case.status == Status.IN_PROGRESS else (Status.IN_PROGRESS,)
    for status in steps if case.status == Status.IN_PROGRESS else (*steps, Status.RESOLVED, Status.CLOSED):
        _staff_act(clerk, case, "status", to_status=status, reason="")


def _search(clerk, word: str) -> list[int]:
    page = clerk.get("/en/staff/cases/", {"tab": "closed", "q": word})
    assert page.status_code == 200
    return [case.pk for case in page.context["page"].object_list]


def _fts_rows(feedback_id: int) -> int:
    """Rows of the report in the word index itself (SQLite's FTS5 table; PostgreSQL's tsvector)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = FEEDBACK_INDEX.fts_table
            cursor.execute(f"SELECT count(*) FROM {table} WHERE rowid = %s", [feedback_id])  # noqa: S608
        else:
            cursor.execute(
                "SELECT count(*) FROM feedback_feedback WHERE id = %s AND search_vec != ''::tsvector",
                [feedback_id],
            )
        return int(cursor.fetchone()[0])


def test_past_the_retention_period_nothing_the_citizen_gave_is_left(
    area, staff, fake_telegram, django_capture_on_commit_callbacks
):
    start = timezone.now()
    # The case that expires: everything a citizen can give.
    citizen, receipt = _submit_with_everything(area)
    case = Case.objects.get(feedback__locator=receipt[:8])
    # An unofficial fee is about the commune office: its District Ombudsman handles it.
    clerk_user = staff(Role.OMBUDSMAN, area.district_ombudsman)
    clerk = client_for(clerk_user)
    _staff_act(clerk, case, "message", body=OFFICE_MESSAGE, ask_citizen="on")
    assert citizen.post("/en/track/", {"receipt": receipt}).status_code == 303
    reply = citizen.post("/en/track/case/reply/", {"body": REPLY, "attachments": [_photo("reply.jpg")]})
    assert reply.status_code == 303
    # Opt-ins: Telegram through the bot (/status, the receipt, "tell me here"), and SMS.
    chat = TelegramChat(fake=fake_telegram, capture=django_capture_on_commit_callbacks, chat_id=CHAT_ID)
    chat.send("/status")
    chat.send(receipt)
    chat.press_data("sub")
    subscription_create(case=case, channel="sms", address="+85512345678", language="km")
    assert Subscription.objects.filter(case=case).count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # the updates go out after commit
        _close(clerk, case)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert citizen.post("/en/track/case/rate/", {"score": "4"}).status_code == 303
    assert Delivery.objects.filter(subscription__case=case).exists()  # updates were sent

    feedback = Feedback.objects.get(pk=case.feedback_id)
    own_files = {f"attachments/{a.stored_name}" for a in Attachment.objects.filter(feedback=feedback)}
    assert len(own_files) == 3 and own_files <= _files_on_disk()
    assert feedback.contact_ciphertext and feedback.contact_consent
    assert _search(clerk, WORD) == [case.pk] and _fts_rows(feedback.pk) == 1
    events_before = case.events.count()

    # The control: closed 300 days later, so only 65 days old when the first case expires.
    with time_machine.travel(start + datetime.timedelta(days=300), tick=False):
        clerk = client_for(clerk_user)  # staff sessions end after 30 idle minutes
        _young_citizen, young_receipt = _submit_with_everything(area)
        young = Case.objects.get(feedback__locator=young_receipt[:8])
        _close(clerk, young)
    young_files = {f"attachments/{a.stored_name}" for a in Attachment.objects.filter(feedback=young.feedback)}
    assert len(young_files) == 2 and _files_on_disk() == own_files | young_files

    # The day before the period ends nothing moves; the day after, the daily task removes it.
    with time_machine.travel(start + datetime.timedelta(days=settings.RETENTION_DAYS - 1), tick=False):
        assert purge_expired_feedback.call_local() == 0
    with time_machine.travel(start + datetime.timedelta(days=settings.RETENTION_DAYS + 1), tick=False):
        assert purge_expired_feedback.call_local() == 1
        assert purge_expired_feedback.call_local() == 0  # never twice

    feedback.refresh_from_db()
    clerk = client_for(clerk_user)
    # On disk: only the young case's files are left.
    assert _files_on_disk() == young_files
    assert not Attachment.objects.filter(feedback=feedback).exists()
    # No contact, no text, no opt-in, no search hit (word index and substring key both).
    assert feedback.contact_ciphertext is None and not feedback.contact_consent
    assert (feedback.description, feedback.service_name, feedback.search_text, feedback.search_seg) == (
        "",
    ) * 4
    assert feedback.answers == {"who_asked": "counter_staff"}  # a choice: de-identified, kept
    assert set(Message.objects.filter(case=case).values_list("body", flat=True)) == {""}
    assert not Subscription.objects.filter(case=case).exists()
    assert not Delivery.objects.filter(subscription__case=case).exists()
    assert _search(clerk, WORD) == [young.pk] and _fts_rows(feedback.pk) == 0
    for sentinel in ("SENTINEL", WORD, "012345678", TELEGRAM_NAME):
        assert not Feedback.objects.filter(pk=feedback.pk, search_text__icontains=sentinel).exists()
        assert not Message.objects.filter(case=case, body__icontains=sentinel).exists()
    # What statistics need stays.
    assert (feedback.kind, feedback.category.code, feedback.office, feedback.commune) == (
        "complaint",
        "unofficial-fee",
        area.commune_office,
        area.commune,
    )
    assert (feedback.official_fee, feedback.amount_paid, feedback.overcharge, feedback.receipt_given) == (
        4000,
        20000,
        16000,
        False,
    )
    assert (feedback.gender, feedback.age_band, feedback.disability) == ("female", "25_34", "no")
    assert feedback.submitted_at and feedback.purged_at
    case.refresh_from_db()
    assert case.status == Status.CLOSED and Rating.objects.get(case=case).score == 4
    # The audit trail stays, with one more internal note saying what happened.
    assert case.events.count() == events_before + 1
    assert case.events.filter(type=CaseEvent.Type.NOTE, public=False).last().reason

    # The staff page says so; the citizen still opens the case and sees its status and history.
    page = clerk.get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert "Removed after the retention period" in page and "Show contact details" not in page
    assert citizen.post("/en/track/", {"receipt": receipt}).status_code == 303
    tracked = citizen.get("/en/track/case/")
    assert (
        "removed after the retention period" in tracked.html
        and "Reply or add information" not in tracked.html
    )

    # The bot shows the status without the removed texts and keeps no new opt-in for the case.
    chat.send("/status")
    shown = "\n".join(chat.send(receipt))
    with translation.override("km"):
        removed = translation.gettext("Removed after the retention period.")
    assert "SENTINEL" not in shown and removed in shown  # the office's message, removed
    chat.press_data("sub")
    assert not Subscription.objects.filter(case=case).exists()

    # The young case is untouched.
    young.feedback.refresh_from_db()
    assert young.feedback.description == DESCRIPTION and young.feedback.contact_ciphertext
    assert young.feedback.purged_at is None
