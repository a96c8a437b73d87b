"""Issue 15 / SECURITY.md D3: on every path a file can take – the web form and the web reply, the
REST API's report and message, Open311, the Telegram bot – a picture over the pixel limit and a
polyglot are refused with a clear, translated message and a 4xx, and nothing is stored. (Staff
intake and SMS take no files: the staff form drops them, an SMS carries none.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from ourvoice.apikeys.services import apikey_create
from ourvoice.channels.common.models import PendingFile
from ourvoice.channels.common.tests.fakes import TelegramChat, fake_telegram  # noqa: F401 - fixture
from ourvoice.feedback.models import Attachment, Category, Feedback
from ourvoice.feedback.services import FeedbackInput, feedback_submit
from ourvoice.feedback.tests.test_file_attacks import ZIP, jpeg_declaring, png_declaring
from ourvoice.feedback.tests.test_files import jpeg_with_metadata
from ourvoice.messaging.models import Message
from ourvoice.web.tests.citizen import Citizen, form_url, send_form

pytestmark = pytest.mark.django_db
TEXT = "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។"
BOMB = ("bomb.png", png_declaring(8900, 8900))
POLYGLOT = ("photo.jpg", jpeg_with_metadata() + ZIP)
# The same messages in Khmer: "too large ... million pixels" and "other data after the picture".
KHMER = {"bomb.png": "លានភីកសែល", "photo.jpg": "ទិន្នន័យផ្សេងទៀតបន្ទាប់ពីរូបភាព"}
ENGLISH = {"bomb.png": "million pixels", "photo.jpg": "other data after the picture"}


@pytest.mark.parametrize("hostile", [BOMB, POLYGLOT])
def test_the_web_form_and_the_web_reply(area, hostile):
    name, data = hostile
    citizen = Citizen()
    page = citizen.get(form_url(area, "complaint", "slow-service"))
    refused = send_form(citizen, page, files=[SimpleUploadedFile(name, data)], description=TEXT)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert name in html and KHMER[name] in html and TEXT in html  # what was typed is kept
    assert not Feedback.objects.exists() and not Attachment.objects.exists()
    report = FeedbackInput(
        kind="complaint",
        category=Category.objects.get(code="slow-service"),
        description=TEXT,
        channel="web",
        commune=area.commune,
        office=area.commune_office,
        about_office=False,
    )
    citizen.post("/en/track/", {"receipt": str(feedback_submit(data=report).receipt)})
    files = [SimpleUploadedFile(name, data)]
    reply = citizen.post("/en/track/case/reply/", {"body": "Here.", "attachments": files})
    assert reply.status_code == 400 and ENGLISH[name] in reply.content.decode()
    assert not Message.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize("hostile", [BOMB, POLYGLOT])
def test_the_rest_api_report_and_message(area, hostile):
    name, data = hostile
    api = APIClient(HTTP_ACCEPT_LANGUAGE="km")
    report = {
        "kind": "complaint",
        "category": "slow-service",
        "commune": area.commune.code,
        "description": TEXT,
        "about_office": "false",
        "attachments": [SimpleUploadedFile(name, data)],
    }
    refused = api.post("/api/v1/feedback/", report, format="multipart")
    assert refused.status_code == 400
    [message] = refused.json()["attachments"]
    assert name in message and KHMER[name] in message
    assert not Feedback.objects.exists()
    created = api.post("/api/v1/feedback/", {**report, "attachments": []}, format="multipart")
    assert created.status_code == 201
    body = {
        "receipt": created.json()["receipt"],
        "body": "x",
        "attachments": [SimpleUploadedFile(name, data)],
    }
    refused = api.post("/api/v1/track/messages/", body, format="multipart")
    assert refused.status_code == 400 and KHMER[name] in refused.json()["attachments"][0]
    assert not Message.objects.exists() and not Attachment.objects.exists()


def test_open311_takes_no_files_at_all(area, db):
    key = apikey_create(name="Partner").key
    form = {
        "api_key": key,
        "service_code": "slow-service",
        "address_id": area.commune.code,
        "description": TEXT,
    }
    for name, data in (BOMB, POLYGLOT):
        response = Client().post(
            "/open311/v2/requests.json", {**form, "media": SimpleUploadedFile(name, data)}
        )
        assert response.status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("hostile", [("bomb.png", jpeg_declaring(65000, 65000)), POLYGLOT])
def test_the_telegram_bot(area, fake_telegram, django_capture_on_commit_callbacks, hostile):  # noqa: F811
    name, data = hostile
    chat = TelegramChat(fake=fake_telegram, capture=django_capture_on_commit_callbacks)
    chat.send("/start")
    chat.press_data("k:complaint")
    for label in ("សៀមរាប", "សៀមរាប", "ស្លក្រាម", "Sla Kram office", "ការរើសអើង"):
        chat.press(label)
    replies = chat.photo(data)  # Telegram names every photo "photo.jpg"
    assert "photo.jpg" in replies[0] and KHMER[name] in replies[0]
    assert not PendingFile.objects.exists()
