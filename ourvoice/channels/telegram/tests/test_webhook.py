"""The webhook: off when unconfigured, the secret-token header checked, retries handled once;
the setWebhook command; /language, /forget, /cancel."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ourvoice.channels.common.models import Conversation, InboundSeen, Subscription
from ourvoice.channels.common.tests.fakes import WEBHOOK, WEBHOOK_SECRET, TelegramChat

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(fake_telegram, area, django_capture_on_commit_callbacks):
    return TelegramChat(fake=fake_telegram, capture=django_capture_on_commit_callbacks)


def start_update(chat: TelegramChat, update_id: int = 42) -> dict:
    update = chat._message(text="/start")
    update["update_id"] = update_id
    return update


def test_the_webhook_is_off_when_the_bot_is_not_configured(settings):
    settings.TELEGRAM_BOT_TOKEN = settings.TELEGRAM_WEBHOOK_SECRET = ""
    headers = {"X-Telegram-Bot-Api-Secret-Token": ""}
    response = Client().post(WEBHOOK, "{}", content_type="application/json", headers=headers)
    assert response.status_code == 404


def test_a_missing_or_wrong_secret_token_is_refused(chat, fake_telegram):
    assert chat.post(start_update(chat), secret=None).status_code == 403
    assert chat.post(start_update(chat), secret=WEBHOOK_SECRET + "x").status_code == 403
    assert chat.post(start_update(chat), secret=WEBHOOK_SECRET[:-1]).status_code == 403
    assert fake_telegram.calls == [] and not InboundSeen.objects.exists()
    assert Client().get(WEBHOOK).status_code == 405


def test_a_retried_update_is_handled_once(chat, fake_telegram):
    assert chat.post(start_update(chat, 77)).status_code == 200
    first = len(fake_telegram.sent())
    assert first >= 2
    assert chat.post(start_update(chat, 77)).status_code == 200  # Telegram's retry, same update_id
    assert len(fake_telegram.sent()) == first


def test_anything_else_is_acknowledged_and_ignored(chat, fake_telegram):
    assert chat.post({"update_id": 5, "edited_message": {"text": "x"}}).status_code == 200
    group = chat._message(text="/start")
    group["message"]["chat"] = {"id": -100200300, "type": "group", "title": "Village group"}
    assert chat.post(group).status_code == 200
    assert (
        chat.client.post(
            WEBHOOK,
            "not json",
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        ).status_code
        == 200
    )
    assert fake_telegram.sent() == [] and not Conversation.objects.exists()


def test_the_language_can_be_switched_to_english_and_back(chat):
    chat.send("/language")
    assert chat.press_data("lang:en")[0] == "The language is now English."
    assert Conversation.objects.get().language == "en"
    chat.send("/start")
    assert ("Make a complaint", "k:complaint") in chat.buttons()
    assert ("Siem Reap", "p:17") in (chat.press_data("k:complaint") and chat.buttons())
    chat.press_data("lang:km")
    assert Conversation.objects.get().language == "km"


def test_forget_unlinks_the_chat(chat, make_input):
    from ourvoice.channels.common.services import subscription_create
    from ourvoice.feedback.services import feedback_submit

    case = feedback_submit(data=make_input()).case
    subscription_create(case=case, channel="telegram", address=str(chat.chat_id), language="km")
    other = subscription_create(case=case, channel="telegram", address="999", language="km")
    chat.send("/start")
    assert Conversation.objects.exists()
    chat.send("/forget")
    assert list(Subscription.objects.all()) == [other]
    assert not Conversation.objects.exists()


def test_cancel_deletes_the_draft_and_its_files(chat):
    from ourvoice.channels.common.models import PendingFile
    from ourvoice.channels.common.tests.fakes import voice_note

    chat.send("/start")
    chat.press_data("k:complaint")
    for name in ("សៀមរាប", "សៀមរាប", "ស្លក្រាម", "Sla Kram office", "ការរើសអើង"):
        chat.press(name)
    chat.voice(voice_note())
    assert PendingFile.objects.count() == 1
    chat.send("/cancel")
    assert not PendingFile.objects.exists() and Conversation.objects.get().state is None


def test_files_sent_outside_the_description_are_not_fetched(chat, fake_telegram):
    from ourvoice.channels.common.tests.fakes import voice_note

    chat.send("/start")
    chat.voice(voice_note())
    assert not [m for m, _p in fake_telegram.calls if m == "getFile"]


def test_the_set_webhook_command_sends_the_secret(fake_telegram, settings):
    settings.OURVOICE_SITE_URL = "https://ourvoice.example.gov.kh"
    call_command("telegram_set_webhook")
    method, params = fake_telegram.calls[0]
    assert method == "setWebhook"
    assert params["url"] == "https://ourvoice.example.gov.kh/channels/telegram/webhook/"
    assert params["secret_token"] == WEBHOOK_SECRET
    commands = [p for m, p in fake_telegram.calls if m == "setMyCommands"]
    assert len(commands) == 2 and {c["command"] for c in commands[0]["commands"]} >= {"status", "forget"}


def test_the_set_webhook_command_explains_what_is_missing(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(CommandError, match="TELEGRAM_BOT_TOKEN"):
        call_command("telegram_set_webhook")


def test_a_wrong_token_is_reported_by_the_command(fake_telegram, settings):
    settings.TELEGRAM_BOT_TOKEN = "1:wrong"
    with pytest.raises(CommandError, match="401"):
        call_command("telegram_set_webhook")
    assert json.dumps(fake_telegram.calls) == "[]"


def test_files_over_the_size_limit_are_refused_whatever_telegram_announces(chat, fake_telegram, settings):
    from ourvoice.channels.common.models import PendingFile
    from ourvoice.channels.common.tests.fakes import voice_note

    chat.send("/start")
    chat.press_data("k:complaint")
    for name in ("សៀមរាប", "សៀមរាប", "ស្លក្រាម", "Sla Kram office", "ការរើសអើង"):
        chat.press(name)
    data = voice_note(seconds=2)
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    refused = chat.voice(data)
    assert "voice.ogg" in refused[0] and PendingFile.objects.count() == 0  # "the file … is too large"
    assert not [m for m, _p in fake_telegram.calls if m == "getFile"]  # refused from the announced size
    # A message that understates the size: getFile tells the truth, or the download stops at the limit.
    file_id = fake_telegram.add_file(data)
    update = chat._message(voice={"file_id": file_id, "file_unique_id": "x", "duration": 2, "file_size": 10})
    assert "voice.ogg" in chat._act(update)[0]
    assert [m for m, _p in fake_telegram.calls if m == "getFile"] and PendingFile.objects.count() == 0
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    chat.voice(data)
    assert PendingFile.objects.count() == 1
