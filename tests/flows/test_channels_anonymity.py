"""Issue 9 / SECURITY.md A: the chat channels keep no chat id, name, username or phone number in
clear. A whole Telegram conversation (with a contact card the bot must ignore, a voice note,
consent to updates, /status and a reply) and a whole SMS complaint (with consent, STATUS) run
through the webhooks; then every table, everything logged and the cache are searched."""

import json

import pytest
from django.test import Client

from ourvoice.accounts.models import User
from ourvoice.channels.common.models import Subscription
from ourvoice.channels.common.tests.fakes import (  # noqa: F401 - fixtures
    SMS_INBOUND,
    SMS_SECRET,
    TelegramChat,
    fake_sms,
    fake_telegram,
    voice_note,
)
from ourvoice.feedback.services import receipt_open
from ourvoice.messaging.services import message_post_by_office
from tests.flows.test_anonymity import _cache_text, _database_text, everything_logged  # noqa: F401

CHAT_ID = 6_170_004_242
FIRST_NAME = "Chantrea-NAME-5e1"
USERNAME = "user_SENTINEL_8d2"
TELEGRAM_PHONE = "+85570123456"
SMS_PHONE = "+85516789012"
SENTINELS = [str(CHAT_ID), FIRST_NAME, USERNAME, TELEGRAM_PHONE, TELEGRAM_PHONE[4:], SMS_PHONE, SMS_PHONE[4:]]


@pytest.mark.django_db
def test_no_chat_id_name_username_or_phone_number_is_stored_in_clear(
    area,
    fake_telegram,  # noqa: F811
    fake_sms,  # noqa: F811
    everything_logged,  # noqa: F811
    capfd,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    chat = TelegramChat(
        fake=fake_telegram, capture=capture, chat_id=CHAT_ID, first_name=FIRST_NAME, username=USERNAME
    )
    contact = {"phone_number": TELEGRAM_PHONE, "first_name": FIRST_NAME, "user_id": CHAT_ID}
    chat._act(chat._message(contact=contact))
    chat.send("/start")
    chat.press_data("k:complaint")
    for name in ("សៀមរាប", "សៀមរាប", "ស្លក្រាម", "Sla Kram office", "ការរើសអើង"):
        chat.press(name)
    chat.send("គេមិនព្រមផ្ដល់សេវាដល់ខ្ញុំ")
    chat.voice(voice_note())
    for data in ("done", "pg:male", "pa:35_49", "pd:yes", "y"):
        chat.press_data(data)
    receipt = chat.press_data("send")[-1].splitlines()[3]
    case = receipt_open(receipt_text=receipt, client="test")
    clerk = User.objects.create(username="clerk", role="office_staff", office=case.office)
    with capture(execute=True):
        message_post_by_office(case=case, author=clerk, body="Please tell us more.", ask_citizen=True)
    assert any("/status" in m["text"] for m in fake_telegram.sent(CHAT_ID))  # the update reached the chat
    chat.send("/status")
    chat.send(receipt)
    chat.send("I was refused twice.")

    sms = Client()

    def text(body: str) -> None:
        payload = json.dumps({"from": SMS_PHONE, "text": body, "id": f"gw-{body}"})
        with capture(execute=True):
            response = sms.post(
                SMS_INBOUND,
                payload,
                content_type="application/json",
                headers={"Authorization": f"Bearer {SMS_SECRET}"},
            )
        assert response.status_code == 200

    for body in ("COMPLAINT", "171001", "1", "They asked me for 50,000 riel", "YES"):
        text(body)
    text(f"STATUS {receipt}")
    assert Subscription.objects.filter(channel="sms").exists()
    assert Subscription.objects.filter(channel="telegram").exists()

    # The sentinels did go through the system (the fakes saw them), so finding none below means something.
    assert str(CHAT_ID) in json.dumps(fake_telegram.calls) and SMS_PHONE in json.dumps(fake_sms.received)

    out, err = capfd.readouterr()
    places = {
        "database": _database_text(),
        "logs": everything_logged.read_text() + out + err,
        "cache": _cache_text(),
    }
    assert "គេមិនព្រមផ្ដល់សេវាដល់ខ្ញុំ" in places["database"]  # the search looked at something real
    for where, found in places.items():
        for sentinel in SENTINELS:
            assert sentinel not in found, f"{sentinel!r} found in the {where}"
