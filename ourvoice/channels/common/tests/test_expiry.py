"""Unfinished conversations expire: the draft and its files are deleted, by the hourly purge or
when the chat comes back."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from ourvoice.channels.common.models import Conversation, InboundSeen, PendingFile
from ourvoice.channels.common.services import channels_purge
from ourvoice.channels.common.tests.fakes import TelegramChat, voice_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat_with_draft(fake_telegram, area, django_capture_on_commit_callbacks):
    chat = TelegramChat(fake=fake_telegram, capture=django_capture_on_commit_callbacks)
    chat.send("/start")
    chat.press_data("k:complaint")
    for name in ("សៀមរាប", "សៀមរាប", "ស្លក្រាម", "Sla Kram office", "ការរើសអើង"):
        chat.press(name)
    chat.voice(voice_note())
    assert PendingFile.objects.count() == 1
    return chat


def test_the_purge_deletes_expired_drafts_and_their_files(chat_with_draft):
    assert channels_purge() == 0 and PendingFile.objects.count() == 1
    later = timezone.now() + datetime.timedelta(hours=25)
    assert channels_purge(now=later) == 1
    assert not PendingFile.objects.exists() and Conversation.objects.get().state is None
    much_later = timezone.now() + datetime.timedelta(days=31)
    channels_purge(now=much_later)
    assert not Conversation.objects.exists() and not InboundSeen.objects.exists()


def test_a_chat_coming_back_after_expiry_starts_afresh(chat_with_draft):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        replies = chat_with_draft.send("/start")
    assert len(replies) >= 3  # the draft was deleted, then the welcome and the first question
    assert not PendingFile.objects.exists()
    assert "resume" not in [data for _text, data in chat_with_draft.buttons()]
