"""SMS through a generic gateway: the inbound webhook's secret, STATUS <receipt> in the sender's
language, throttling per sender, the guided report, STOP, and the fake gateway receiving replies."""

import datetime
import hashlib
import hmac
import json
import re
import urllib.parse

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from ourvoice.accounts.models import User
from ourvoice.channels.common.models import Subscription
from ourvoice.channels.common.services import subscription_address
from ourvoice.channels.common.tests.fakes import SMS_INBOUND, SMS_SECRET
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.models import Category, Channel
from ourvoice.feedback.services import feedback_submit, receipt_open
from ourvoice.messaging.services import message_post_by_office

PHONE = "+85512345678"
RECEIPT = re.compile(r"(\d{4} \d{4} \d{4} \d{4} \d{4})")
KHMER_RECEIPT = re.compile(r"([០-៩]{4} [០-៩]{4} [០-៩]{4} [០-៩]{4} [០-៩]{4})")
pytestmark = pytest.mark.django_db


@pytest.fixture
def send(fake_sms, django_capture_on_commit_callbacks):
    """Send an SMS from a phone through the gateway's webhook; returns the replies it caused."""
    client = Client()

    def post(text: str, phone: str = PHONE, gateway_id: str = "", auth: str = "bearer") -> list[str]:
        before = len(fake_sms.received)
        body = json.dumps(
            {"from": phone, "text": text, **({"id": gateway_id} if gateway_id else {})}
        ).encode()
        headers = {"Authorization": f"Bearer {SMS_SECRET}"}
        if auth == "signature":
            headers = {
                "X-OurVoice-Signature": "sha256="
                + hmac.new(SMS_SECRET.encode(), body, hashlib.sha256).hexdigest()
            }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(SMS_INBOUND, body, content_type="application/json", headers=headers)
        assert response.status_code == 200, response.content
        return [m["text"] for m in fake_sms.received[before:] if m["to"] == phone]

    return post


@pytest.fixture
def receipt_and_case(make_input, area):
    submission = feedback_submit(data=make_input())
    clerk = User.objects.create(username="clerk", role="office_staff", office=area.commune_office)
    message_post_by_office(case=submission.case, author=clerk, body="សូមមកយកសំបុត្រនៅថ្ងៃច័ន្ទ។")
    return submission.receipt.grouped(), submission.case


def test_the_webhook_is_off_when_sms_is_not_configured(settings):
    settings.SMS_WEBHOOK_SECRET = settings.SMS_GATEWAY_URL = ""
    assert Client().post(SMS_INBOUND, {"from": PHONE, "text": "HELP"}).status_code == 404


def test_the_gateway_must_prove_the_shared_secret(fake_sms):
    client = Client()
    body = json.dumps({"from": PHONE, "text": "HELP"})
    assert client.post(SMS_INBOUND, body, content_type="application/json").status_code == 403
    wrong = {"Authorization": "Bearer nope"}
    assert client.post(SMS_INBOUND, body, content_type="application/json", headers=wrong).status_code == 403
    bad_signature = {"X-OurVoice-Signature": "sha256=" + "0" * 64}
    assert (
        client.post(SMS_INBOUND, body, content_type="application/json", headers=bad_signature).status_code
        == 403
    )
    good = {"Authorization": f"Bearer {SMS_SECRET}"}
    assert client.post(SMS_INBOUND, "{}", content_type="application/json", headers=good).status_code == 400
    assert fake_sms.received == []


def test_status_answers_in_khmer_by_default_with_khmer_digits_and_dashes(send, receipt_and_case):
    receipt, _case = receipt_and_case
    khmer = to_khmer_digits(receipt).replace(" ", "-")
    [reply] = send(f"STATUS {khmer}", auth="signature")
    assert "សូមមកយកសំបុត្រនៅថ្ងៃច័ន្ទ។" in reply  # the office's latest message
    assert any("\u1780" <= c <= "\u17ff" for c in reply.replace("សូមមកយកសំបុត្រនៅថ្ងៃច័ន្ទ។", ""))
    [reply] = send(f"ស្ថានភាព {receipt}")  # the Khmer keyword
    assert "សូមមកយកសំបុត្រ" in reply


def test_status_answers_in_english_after_lang_en(send, receipt_and_case):
    receipt, _case = receipt_and_case
    assert send("LANG EN") == ["Our Voice will answer in English."]
    [reply] = send(f"status {receipt.replace(' ', '')}")
    assert reply.startswith("Our Voice: your case is Received.")
    [reply] = send("HELP")
    assert "STATUS" in reply and reply.isascii()


def test_guessing_receipts_is_throttled_per_sender(send, receipt_and_case):
    receipt, _case = receipt_and_case
    answers = [send(f"STATUS 9999{n:04d} 1234 5678 9012", phone="+85598000111")[0] for n in range(12)]
    assert answers[0] != answers[-1]
    assert answers[-1] == send("STATUS 1111 2222 3333 4444 5555", phone="+85598000111")[0]
    # Another sender is not affected.
    assert "សូមមកយកសំបុត្រ" in send(f"STATUS {receipt}", phone="+85598000222")[0]


def test_a_guided_complaint_by_sms_gives_a_receipt(send, area, fake_sms):
    assert send("COMPLAINT")  # asks for the commune
    [topics] = send("១៧១០០១")  # the commune code in Khmer digits
    assert "សេវាយឺត ឬហួសពេលកំណត់" in topics
    number = next(line.split()[0] for line in topics.splitlines() if "សេវាយឺត" in line)
    [asked] = send(number)
    assert "១ មែន ២ ទេ" in asked and "Sla Kram office" in asked  # about the commune office?
    send("២")  # no
    send("ខ្ញុំរង់ចាំសំបុត្រកំណើតពីរសប្ដាហ៍ហើយ")
    [done] = send("1")  # yes to updates by SMS
    found = KHMER_RECEIPT.search(done)
    assert found, done
    receipt = found.group(1)
    case = receipt_open(receipt_text=receipt, client="test")
    assert (case.feedback.channel, case.feedback.kind) == (Channel.SMS, "complaint")
    assert case.feedback.description == "ខ្ញុំរង់ចាំសំបុត្រកំណើតពីរសប្ដាហ៍ហើយ"
    assert case.feedback.about_office is False and case.office.pk == area.commune_office.pk
    assert subscription_address(subscription=Subscription.objects.get(case=case)) == PHONE


def test_a_guided_information_request_finds_the_commune_by_name(send, area):
    send("EN")
    assert "commune" in send("INFO")[0]
    [topics] = send("Sla Kram")
    assert "Which documents are needed" in topics
    send("1")
    send("For which service?")  # the optional question is not asked by SMS: this is the message
    [done] = send("NO")
    found = RECEIPT.search(done)
    assert found, done
    receipt = found.group(1)
    case = receipt_open(receipt_text=receipt, client="test")
    assert case.feedback.kind == "information" and not Subscription.objects.exists()


def test_a_message_that_starts_with_a_keyword_is_still_a_message(send, area):
    send("COMPLAINT")
    send("171001")
    send("2")  # slow service
    send("2")  # not about the office
    send("Stop asking me for money")  # not the STOP keyword
    [done] = send("2")
    assert KHMER_RECEIPT.search(done) or RECEIPT.search(done)


def test_stop_withdraws_every_opt_in_of_the_number(send, receipt_and_case):
    _receipt, case = receipt_and_case
    from ourvoice.channels.common.services import subscription_create

    subscription_create(case=case, channel="sms", address=PHONE, language="km")
    subscription_create(case=case, channel="sms", address="+85599999999", language="km")
    assert send("STOP")
    assert list(Subscription.objects.values_list("channel", flat=True)) == ["sms"]
    assert subscription_address(subscription=Subscription.objects.get()) == "+85599999999"


def test_a_retried_gateway_message_is_handled_once(send):
    assert send("HELP", gateway_id="gw-1")
    assert send("HELP", gateway_id="gw-1") == []


def test_a_gateway_retry_across_an_hmac_key_rotation_is_still_handled_once(send, settings):
    """Issue 19: OURVOICE_HMAC_KEY=new,old; the id seen under the old key is still recognised."""
    settings.HMAC_KEY = "k" * 20 + "old-hmac-key-0123456789"
    assert send("HELP", gateway_id="gw-rotated")
    settings.HMAC_KEY = "n" * 20 + "new-hmac-key-9876543210," + settings.HMAC_KEY
    assert send("HELP", gateway_id="gw-rotated") == []
    assert send("HELP", gateway_id="gw-after")  # a new message is answered


def test_a_form_encoded_message_is_accepted(fake_sms, django_capture_on_commit_callbacks):
    body = urllib.parse.urlencode({"from": "012 345 678", "text": "HELP"})
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            SMS_INBOUND,
            body,
            content_type="application/x-www-form-urlencoded",
            headers={"Authorization": f"Bearer {SMS_SECRET}"},
        )
    assert response.status_code == 200
    assert fake_sms.received[0]["to"] == PHONE  # 012 345 678 is +855 12 345 678


def test_a_complaint_about_the_commune_office_by_sms_goes_to_its_ombudsman(send, area):
    send("EN")
    send("COMPLAINT")
    [topics] = send("171001")
    number = next(line.split()[0] for line in topics.splitlines() if "Another problem" in line)
    [asked] = send(number)
    assert "1 Yes, 2 No" in asked and "DO Siem Reap" in asked
    assert send("maybe") == ["Send 1 for yes or 2 for no.", asked]  # asked again
    send("YES")
    send("The commune chief asks everyone for coffee money.")
    [done] = send("2")
    found = RECEIPT.search(done)
    assert found, done
    case = receipt_open(receipt_text=found.group(1), client="test")
    assert case.feedback.about_office is True
    assert (case.office, case.hidden_from) == (area.district_ombudsman, area.commune_office)


def test_a_conversation_begun_before_the_question_existed_is_asked_it_before_sending(send, area):
    from ourvoice.channels.common.services import conversation_lock, conversation_save, conversation_state

    send("EN")
    send("COMPLAINT")
    send("171001")
    with transaction.atomic():
        locked = conversation_lock(channel="sms", address=PHONE)
        state = conversation_state(conversation=locked)
        # As saved by the previous version: a topic that now asks, and no answer to the question.
        category = Category.objects.get(code="other-complaint")
        state.update(category=category.pk, step="text")
        conversation_save(conversation=locked, state=state)
    send("The chief asks for money.")
    replies = send("2")  # no updates: the report is sent... and refused without the answer
    assert replies[0] == "Say whether this complaint is about the office or someone who works there."
    assert "1 Yes, 2 No" in replies[1]
    [done] = send("1")
    found = RECEIPT.search(done)
    assert found, done
    assert receipt_open(receipt_text=found.group(1), client="test").feedback.about_office is True


@pytest.fixture
def one_hour():
    # Reports are counted per fixed hour: the test must not straddle the turn of one.
    with time_machine.travel(datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        yield


def test_a_phone_over_its_hourly_share_of_reports_is_told_to_wait_and_keeps_its_report(
    send, area, settings, one_hour
):
    """Issue 15: reports are limited per client; the SMS client is the sender's number, and a
    refused report stays in the conversation: answering again later sends it."""
    from ourvoice.feedback.models import Feedback

    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 1
    send("EN")
    for text in ("COMPLAINT", "171001", "2", "2", "The first report"):  # slow service, not about the office
        send(text)
    [done] = send("2")
    assert RECEIPT.search(done)
    for text in ("COMPLAINT", "171001", "2", "2", "The second report"):
        send(text)
    [refused] = send("2")
    assert "wait" in refused and "minutes" in refused and not RECEIPT.search(refused)
    assert list(Feedback.objects.values_list("description", flat=True)) == ["The first report"]
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 2
    [sent] = send("2")  # the kept conversation, sent again
    assert RECEIPT.search(sent)
    assert Feedback.objects.filter(description="The second report").count() == 1
