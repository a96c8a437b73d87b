"""Issue 17 points 3 and 5: news on the phone by Web Push, content-free, encrypted for the browser
(RFC 8291) and signed (VAPID, RFC 8292), sent by the worker in jittered batches after commit,
with a local push service on loopback in place of the browser vendors' services."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from ourvoice.accounts.models import User
from ourvoice.cases.handling import case_note_add
from ourvoice.cases.models import Status
from ourvoice.cases.services import case_rate, case_transition
from ourvoice.channels.common.models import Delivery, Subscription
from ourvoice.channels.common.tasks import citizen_updates_due_send
from ourvoice.channels.webpush.vapid import vapid_public_key
from ourvoice.feedback.retention import feedback_contact_withdraw
from ourvoice.feedback.services import feedback_submit
from ourvoice.messaging.services import message_post_by_office
from ourvoice.web.views.news import NEWS_SESSION_KEY

SECRET_BODY = "CASE-CONTENT-SENTINEL the clerk's answer"
NEWS_KM = "សំឡេងយើង៖ មានដំណឹងថ្មីអំពីករណីរបស់អ្នក"


@pytest.fixture
def case(make_input):
    return feedback_submit(data=make_input(description="DESCRIPTION-SENTINEL")).case


@pytest.fixture
def clerk(area):
    return User.objects.create(username="clerk", role="office_staff", office=area.commune_office)


def _citizen_with(case) -> Client:
    """A browser that has just been shown the case's receipt (the receipt page keeps the case)."""
    client = Client()
    session = client.session
    session[NEWS_SESSION_KEY] = case.pk
    session.save()
    return client


def _subscribe(client: Client, subscription: dict, lang: str = "km"):
    return client.post(
        f"/{lang}/news/subscribe/",
        json.dumps({"subscription": subscription}),
        content_type="application/json",
    )


def _send_due(minutes: int = 30) -> int:
    """The worker's periodic task, run as if the batch moment had come."""
    later = timezone.now() + datetime.timedelta(minutes=minutes)
    from ourvoice.channels.common.updates import citizen_updates_due_deliver

    return citizen_updates_due_deliver(now=later)


def test_an_office_message_reaches_the_browser_encrypted_signed_and_content_free(
    case, clerk, fake_push, django_capture_on_commit_callbacks
):
    browser = fake_push.browser()
    assert _subscribe(_citizen_with(case), browser.subscription()).status_code == 201
    stored = Subscription.objects.get(case=case)
    assert browser.endpoint.encode() not in bytes(stored.address_ciphertext)  # encrypted at rest

    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=case, author=clerk, body=SECRET_BODY)
    assert fake_push.received == []  # not at once: the next batch, with jitter (A7)
    delivery = Delivery.objects.get()
    assert delivery.due_at is not None and delivery.due_at > timezone.now()

    assert _send_due() == 1
    [push] = fake_push.received
    assert push.vapid_error is None, push.vapid_error
    assert push.vapid_claims and push.vapid_claims["k"] == vapid_public_key()
    assert push.headers["content-encoding"] == "aes128gcm" and int(push.headers["ttl"]) > 0
    assert b"SENTINEL" not in push.body and b"news" not in push.body  # opaque to the push service
    payload = json.loads(browser.decrypt(push.body))
    assert payload == {"title": NEWS_KM, "url": "/km/track/"}
    assert _send_due() == 0  # never twice


def test_a_status_change_and_a_question_are_news_an_internal_note_is_not(
    case, clerk, fake_push, django_capture_on_commit_callbacks
):
    browser = fake_push.browser()
    _subscribe(_citizen_with(case), browser.subscription(), lang="en")
    clerk.is_verified = lambda: True  # as django-otp's middleware marks a signed-in clerk
    with django_capture_on_commit_callbacks(execute=True):
        case_note_add(case=case, user=clerk, text="INTERNAL-NOTE-SENTINEL")
        case_transition(case=case, to_status=Status.ACKNOWLEDGED, actor=clerk)
    assert _send_due() == 0 and fake_push.received == []
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=case, author=clerk, body="Which day?", ask_citizen=True)
    assert _send_due() == 1
    assert (
        json.loads(browser.decrypt(fake_push.received[0].body))["title"]
        == "Our Voice: there is news on your case"
    )


def test_a_gone_subscription_is_deleted(case, clerk, fake_push, django_capture_on_commit_callbacks):
    browser = fake_push.browser()
    _subscribe(_citizen_with(case), browser.subscription())
    fake_push.gone.add(browser.endpoint.removeprefix(fake_push.url))
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=case, author=clerk, body=SECRET_BODY)
    assert _send_due() == 0
    assert len(fake_push.received) == 1
    assert not Subscription.objects.exists() and not Delivery.objects.exists()


def test_a_failed_push_is_retried_later(case, clerk, fake_push, settings, django_capture_on_commit_callbacks):
    browser = fake_push.browser()
    _subscribe(_citizen_with(case), browser.subscription())
    fake_push.stop()  # the push service is down
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=case, author=clerk, body=SECRET_BODY)
    assert _send_due() == 0
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and delivery.sent_at is None
    assert delivery.due_at is not None and delivery.due_at > timezone.now() + datetime.timedelta(minutes=30)


def test_only_a_known_push_service_over_https_with_real_keys_is_accepted(case, fake_push, settings):
    client = _citizen_with(case)
    good = fake_push.browser().subscription()
    settings.WEBPUSH_ENDPOINT_HOSTS = ["fcm.googleapis.com"]
    assert _subscribe(client, good).status_code == 400  # loopback is not a push service here
    internal = dict(good, endpoint="https://fcm.googleapis.com.evil.example/push/1")
    assert _subscribe(client, internal).status_code == 400
    bad_keys = dict(
        good, endpoint="https://fcm.googleapis.com/fcm/send/x", keys={"p256dh": "AAAA", "auth": "AA"}
    )
    assert _subscribe(client, bad_keys).status_code == 400
    assert not Subscription.objects.exists()
    assert _subscribe(Client(), good).status_code == 404  # no case in this session


def test_subscriptions_go_when_withdrawn_when_rated_and_with_the_receipt(case, fake_push, settings):
    client = _citizen_with(case)
    first, second = fake_push.browser(), fake_push.browser()
    _subscribe(client, first.subscription())
    _subscribe(client, second.subscription())
    response = client.post(
        "/km/news/unsubscribe/",
        json.dumps({"subscription": first.subscription()}),
        content_type="application/json",
    )
    assert response.status_code == 200 and Subscription.objects.count() == 1

    for status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        case_transition(case=case, to_status=status, actor=None)
    case_rate(case=case, score=4)  # closed and rated: no news will come
    assert not Subscription.objects.exists()


def test_withdrawing_contact_details_with_the_receipt_removes_the_push_subscription(case, fake_push):
    _subscribe(_citizen_with(case), fake_push.browser().subscription())
    feedback_contact_withdraw(case=case)
    assert not Subscription.objects.exists()


def test_the_periodic_task_sends_what_is_due(case, clerk, fake_push, django_capture_on_commit_callbacks):
    _subscribe(_citizen_with(case), fake_push.browser().subscription())
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_office(case=case, author=clerk, body=SECRET_BODY)
    Delivery.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    citizen_updates_due_send.call_local()
    assert len(fake_push.received) == 1


def test_without_vapid_keys_news_is_not_offered(case, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    assert _subscribe(_citizen_with(case), {"endpoint": "x"}).status_code == 404


def test_the_retention_purge_deletes_the_push_subscription(case, fake_push, settings):
    from ourvoice.feedback.retention import feedback_purge_expired

    _subscribe(_citizen_with(case), fake_push.browser().subscription())
    case_transition(
        case=case, to_status=Status.REJECTED, actor=None, reason="Out of scope"
    )  # finished: expires
    later = timezone.now() + datetime.timedelta(days=settings.RETENTION_DAYS + 1)
    assert feedback_purge_expired(now=later) == 1
    assert not Subscription.objects.exists()
    # A purged case takes no new subscription either.
    assert _subscribe(_citizen_with(case), fake_push.browser().subscription()).status_code == 410


def test_a_case_is_followed_by_a_few_phones_at_most(case, fake_push):
    from ourvoice.channels.webpush.services import SUBSCRIPTIONS_PER_CASE

    client = _citizen_with(case)
    browsers = [fake_push.browser() for _ in range(SUBSCRIPTIONS_PER_CASE + 1)]
    for browser in browsers[:-1]:
        assert _subscribe(client, browser.subscription()).status_code == 201
    assert _subscribe(client, browsers[0].subscription()).status_code == 201  # again: still one
    refused = _subscribe(client, browsers[-1].subscription())
    assert refused.status_code == 400 and refused.json()["detail"]
    assert Subscription.objects.count() == SUBSCRIPTIONS_PER_CASE
