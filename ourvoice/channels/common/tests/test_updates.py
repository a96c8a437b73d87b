"""Replies where the citizen wrote from: a staff message or a closed case sends a short,
content-free update to each citizen who opted in, in their channel and language, once."""

import pytest

from ourvoice.accounts.models import User
from ourvoice.cases.models import Status
from ourvoice.cases.services import case_transition
from ourvoice.channels.common.models import Delivery
from ourvoice.channels.common.services import subscription_create
from ourvoice.channels.common.tasks import citizen_updates_send
from ourvoice.feedback.services import feedback_submit
from ourvoice.messaging.services import message_post_by_office

SECRET_BODY = "CASE-CONTENT-SENTINEL the clerk's answer"
CHAT_ID = "5550123987"
PHONE = "+85512345678"


@pytest.fixture
def case(make_input):
    return feedback_submit(data=make_input(description="DESCRIPTION-SENTINEL")).case


@pytest.fixture
def clerk(area):
    return User.objects.create(username="clerk", role="office_staff", office=area.commune_office)


@pytest.fixture
def followed(case, fake_telegram, fake_sms):
    subscription_create(case=case, channel="telegram", address=CHAT_ID, language="km")
    subscription_create(case=case, channel="sms", address=PHONE, language="en")
    return case


def _content_free(text: str) -> None:
    for sentinel in ("SENTINEL", "clerk", "Sla Kram", "ស្លក្រាម", "slow"):
        assert sentinel not in text


def test_a_staff_message_tells_each_subscriber_in_their_channel_without_content(
    followed, clerk, fake_telegram, fake_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=followed, author=clerk, body=SECRET_BODY)
    [telegram] = fake_telegram.sent(CHAT_ID)
    assert "/status" in telegram["text"] and "reply_markup" not in telegram
    _content_free(telegram["text"])
    [sms] = fake_sms.received
    assert sms["to"] == PHONE and sms["auth"] == "Bearer gateway-outbound-token"
    assert "STATUS" in sms["text"] and len(sms["text"]) <= 160  # English: one GSM part
    _content_free(sms["text"])


def test_the_khmer_sms_update_fits_one_part(case, clerk, fake_sms, django_capture_on_commit_callbacks):
    subscription_create(case=case, channel="sms", address=PHONE, language="km")
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=case, author=clerk, body=SECRET_BODY)
    [sms] = fake_sms.received
    assert len(sms["text"]) <= 70  # UCS-2: 70 characters a part
    assert any("\u1780" <= c <= "\u17ff" for c in sms["text"])


def test_resolving_and_closing_are_news_other_statuses_are_not(
    followed, fake_telegram, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=followed, to_status=Status.ACKNOWLEDGED, actor=None)
    assert fake_telegram.sent() == []
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=followed, to_status=Status.RESOLVED, actor=None)
        case_transition(case=followed, to_status=Status.CLOSED, actor=None)
    assert len(fake_telegram.sent(CHAT_ID)) == 2


def test_the_task_is_idempotent(followed, fake_telegram, fake_sms):
    citizen_updates_send.call_local(followed.pk, "message:1")
    citizen_updates_send.call_local(followed.pk, "message:1")
    assert len(fake_telegram.sent()) == 1 and len(fake_sms.received) == 1
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 2


def test_a_failed_send_is_retried_and_nothing_is_sent_twice(followed, fake_telegram, fake_sms, settings):
    from ourvoice.channels.common.updates import UpdatesIncomplete

    settings.SMS_GATEWAY_URL = fake_sms.url + "/broken"
    with pytest.raises(UpdatesIncomplete):
        citizen_updates_send.call_local(followed.pk, "status:closed:1")
    assert len(fake_telegram.sent()) == 1 and fake_sms.received == []
    settings.SMS_GATEWAY_URL = fake_sms.url + "/send"
    assert citizen_updates_send.call_local(followed.pk, "status:closed:1") == 1
    assert len(fake_telegram.sent()) == 1 and len(fake_sms.received) == 1


def test_nothing_is_queued_for_a_case_nobody_follows(case, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message_post_by_office(case=case, author=clerk, body=SECRET_BODY)
    assert callbacks == []


def test_a_channel_that_is_turned_off_sends_nothing_and_fails_nothing(
    followed, fake_telegram, fake_sms, settings
):
    settings.SMS_GATEWAY_URL = ""
    assert citizen_updates_send.call_local(followed.pk, "message:9") == 1  # Telegram only
    assert fake_sms.received == [] and len(fake_telegram.sent()) == 1
