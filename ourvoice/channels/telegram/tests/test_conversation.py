"""The whole conversation, end to end through the webhook, the queue and the fake Bot API:
each of the four kinds in Khmer with a voice note, the receipt, then /status and a reply."""

import datetime
import io
import re

import av
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client

from ourvoice.cases.models import Status
from ourvoice.channels.common.models import Conversation, PendingFile, Subscription
from ourvoice.channels.common.services import subscription_address
from ourvoice.channels.common.tests.fakes import TelegramChat, photo, voice_note
from ourvoice.core.crypto import decrypt
from ourvoice.feedback.models import Attachment, Channel, Feedback
from ourvoice.feedback.services import receipt_open
from ourvoice.messaging.models import Message

TAG = "TAG-SENTINEL-91a7"
RECEIPT = re.compile(r"\b(\d{4} \d{4} \d{4} \d{4} \d{4})\b")
KHMER_RECEIPT = re.compile(r"([០-៩]{4} [០-៩]{4} [០-៩]{4} [០-៩]{4} [០-៩]{4})")


@pytest.fixture
def chat(fake_telegram, area, django_capture_on_commit_callbacks):
    return TelegramChat(fake=fake_telegram, capture=django_capture_on_commit_callbacks)


def choose_place_and_office(chat: TelegramChat) -> None:
    chat.press("សៀមរាប")  # the province
    chat.press("សៀមរាប")  # the municipality of the same name
    chat.press("ស្លក្រាម")
    chat.press("Sla Kram office")


# kind, category (Khmer name), then each question's answer: ("press", text) or ("send", text)
KINDS = {
    # The first question of this topic: is it about the office? (no)
    "complaint": ("សេវាយឺត ឬហួសពេលកំណត់", [("press_data", "a:no"), ("send", "១៤"), ("press_data", "a:no")]),
    "support": ("ជំនួយដើម្បីទទួលបានសេវា", [("send", "សំបុត្រកំណើត")]),
    "information": ("ឯកសារដែលត្រូវការ", [("press_data", "skip")]),
    "evaluation": (
        "សេវាដែលខ្ញុំបានប្រើ",
        [("send", "សំបុត្រកំណើត"), ("send", "៥០០០"), ("send", "២០ ០០០"), ("press_data", "a:no")]
        + [("press_data", f"a:{n}") for n in (4, 3, 2, 5, 3, 1)],
    ),
}


def file_report(chat: TelegramChat, kind: str) -> str:
    category, answers = KINDS[kind]
    first = chat.send("/start")
    assert any(data == "k:complaint" for _text, data in chat.buttons()), first
    chat.press_data(f"k:{kind}")
    choose_place_and_office(chat)
    chat.press(category)
    for action, value in answers:
        getattr(chat, action)(value)
    chat.send("ខ្ញុំបានរង់ចាំអស់រយៈពេលពីរសប្ដាហ៍នៅការិយាល័យឃុំ។")
    assert chat.voice(voice_note(TAG))
    chat.press_data("done")
    chat.press_data("pg:female")
    chat.press_data("pa:25_34")
    chat.press_data("pd:no")
    summary = chat.press_data("y")
    assert "ស្លក្រាម" in summary[-1] and "Sla Kram office" in summary[-1]
    replies = chat.press_data("send")
    receipt = RECEIPT.search(replies[-1])
    assert receipt, replies
    assert KHMER_RECEIPT.search(replies[-1])  # also in Khmer digits
    assert "លេខកូដបង្កាន់ដៃរបស់អ្នក៖" in replies[-1]
    return receipt.group(1)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_filed_in_khmer_with_a_voice_note(chat, fake_telegram, kind):
    receipt = file_report(chat, kind)
    case = receipt_open(receipt_text=receipt, client="test")
    feedback = case.feedback
    assert (feedback.kind, feedback.channel) == (kind, Channel.TELEGRAM)
    assert feedback.description == "ខ្ញុំបានរង់ចាំអស់រយៈពេលពីរសប្ដាហ៍នៅការិយាល័យឃុំ។"
    assert (feedback.gender, feedback.age_band, feedback.disability) == ("female", "25_34", "no")
    assert feedback.commune_id == "171001"
    if kind == "complaint":
        assert feedback.answers == {"days_waited": 14, "told_deadline": False}
    if kind == "support":
        assert feedback.answers == {"service_wanted": "សំបុត្រកំណើត"}
    if kind == "evaluation":
        # The service typed in Khmer is the catalogue's: stored as that service (issue 16).
        assert (
            getattr(feedback.service, "code", None),
            feedback.service_name,
            feedback.official_fee,
            feedback.amount_paid,
        ) == (
            "birth-certificate",
            "",
            5000,
            20000,
        )
        assert feedback.receipt_given is False and feedback.overcharge == 15000
        assert feedback.scores == {
            "courtesy": 4,
            "timeliness": 3,
            "clarity": 2,
            "fee_transparency": 5,
            "facilities": 3,
            "overall": 1,
        }
    # The voice note was fetched from Telegram, re-encoded, stored encrypted, and lost its tags.
    audio = Attachment.objects.get(feedback=feedback, file_kind="audio")
    with default_storage.open(f"attachments/{audio.stored_name}", "rb") as stored:
        raw = stored.read()
    assert TAG.encode() not in raw
    data = decrypt(raw, purpose="file")
    assert TAG.encode() not in data
    with av.open(io.BytesIO(data)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"
        assert not any(TAG in str(value) for value in container.metadata.values())
    fetched = [params["file_id"] for method, params in fake_telegram.calls if method == "getFile"]
    assert len(fetched) == 1 and fetched[0] in fake_telegram.files
    # Consent given: the chat id is kept for updates, encrypted; the draft and its files are gone.
    subscription = Subscription.objects.get(case=case)
    assert subscription_address(subscription=subscription) == str(chat.chat_id)
    assert subscription.language == "km"
    assert not PendingFile.objects.exists()


def test_status_shows_the_office_messages_and_the_citizen_replies_with_text_and_voice(
    chat, area, submit_office_message
):
    receipt = file_report(chat, "complaint")
    case = receipt_open(receipt_text=receipt, client="test")
    submit_office_message(case, "សូមភ្ជាប់រូបថតសំបុត្រ។")
    chat.replies()
    chat.send("/status")
    shown = chat.send(receipt.replace(" ", "-"))
    assert "សូមភ្ជាប់រូបថតសំបុត្រ។" in shown[-1]
    assert chat.send("នេះជារូបថតសំបុត្រ")
    assert chat.voice(voice_note(TAG))
    assert chat.photo(photo(TAG))
    bodies = list(case.messages.filter(sender=Message.Sender.CITIZEN).values_list("body", flat=True))
    assert "នេះជារូបថតសំបុត្រ" in bodies
    kinds = sorted(Attachment.objects.filter(message__case=case).values_list("file_kind", flat=True))
    assert kinds == ["audio", "image"]
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # the office was waiting for the citizen's answer


def test_a_wrong_receipt_is_refused_and_guessing_is_throttled(chat):
    chat.send("/status")
    assert "២០ ខ្ទង់" in chat.send("12345")[-1]  # "20 digits"
    answers = [chat.send("1111 2222 3333 4444 5555")[-1] for _ in range(5)]
    assert answers[0] != answers[-1]  # the lock started after a few failures


def test_an_interrupted_report_survives_and_can_be_resumed_or_cancelled(chat):
    chat.send("/start")
    chat.press_data("k:complaint")
    chat.press("សៀមរាប")
    # The process restarts: nothing lives in memory, the state is in the database.
    state_before = Conversation.objects.get().state
    assert state_before and b"district" not in bytes(state_before)  # encrypted
    chat.send("/help")
    assert [data for _text, data in chat.buttons()] == ["resume"]
    chat.press_data("resume")
    assert ("ស្លក្រាម", "c:171001") not in chat.buttons()  # districts first
    chat.press("សៀមរាប")
    assert ("ស្លក្រាម", "c:171001") in chat.buttons()
    chat.send("/start")
    assert "resume" in [data for _text, data in chat.buttons()]
    chat.press_data("cancel")
    assert Conversation.objects.get().state is None


def test_a_typed_place_name_offers_matching_places(chat):
    chat.send("/start")
    chat.press_data("k:information")
    chat.send("ឃុំស្លក្រាម")  # with the unit word people put before the name
    assert ("ស្លក្រាម (សៀមរាប)", "c:171001") in chat.buttons()
    chat.send("sla kram")  # or in Latin letters
    assert ("ស្លក្រាម (សៀមរាប)", "c:171001") in chat.buttons()
    assert "រកមិនឃើញ" in chat.send("Phnom Nowhere")[0]  # "not found", in Khmer
    chat.press_data("c:171001")
    assert any(data.startswith("o:") for _text, data in chat.buttons())


def test_staff_play_the_voice_note_on_the_case_page(chat, area, staff):
    from ourvoice.cases.tests.staff import client_for

    receipt = file_report(chat, "support")
    case = receipt_open(receipt_text=receipt, client="test")
    audio = Attachment.objects.get(feedback=case.feedback, file_kind="audio")
    client = client_for(staff("office_staff", area.commune_office))
    page = client.get(f"/en/staff/cases/{case.pk}/").content.decode()
    play = f"/en/staff/cases/{case.pk}/files/{audio.pk}/play/"
    assert re.search(rf'<audio controls[^>]*src="{re.escape(play)}"', page)
    assert "Telegram" in page  # the channel is shown
    played = client.get(play)
    assert played.status_code == 200 and played["Content-Type"] == "audio/ogg"
    assert played["Content-Disposition"].startswith("inline;")
    assert (
        played["Content-Security-Policy"].startswith("sandbox")
        and played["X-Content-Type-Options"] == "nosniff"
    )
    with av.open(io.BytesIO(played.content)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"
    assert Client().get(play).status_code in (302, 404)  # signed out: never the file


def _in_english_to_the_office(chat: TelegramChat) -> None:
    chat.send("/language")
    chat.press_data("lang:en")
    chat.send("/start")
    chat.press_data("k:complaint")
    for place in ("Siem Reap", "Siem Reap", "Sla Kram", "Sla Kram office"):
        chat.press(place)


def test_a_complaint_about_the_office_by_telegram_goes_to_its_overseer(chat, area):
    _in_english_to_the_office(chat)
    [question] = chat.press("Another problem with a service")
    assert question.startswith("Is this complaint about Sla Kram office or someone who works there?")
    assert "DO Siem Reap" in question and "skip" not in [data for _text, data in chat.buttons()]
    chat.press_data("a:yes")
    chat.send("The commune chief asks for coffee money.")
    chat.press_data("done")
    chat.press_data("skip")
    summary = chat.press_data("n")
    assert "About the office or someone who works there: Yes" in summary[-1]
    found = RECEIPT.search(chat.press_data("send")[-1])
    assert found
    case = receipt_open(receipt_text=found.group(1), client="test")
    assert (case.feedback.about_office, case.office, case.hidden_from) == (
        True,
        area.district_ombudsman,
        area.commune_office,
    )


def test_a_draft_begun_before_the_question_existed_is_asked_it_before_sending(chat, area):
    """A conversation saved by the previous version (24 hours at most) reaches "Send" without
    the answer: the service refuses it, and the bot asks the question instead of losing the draft."""
    from ourvoice.channels.common.services import conversation_lock, conversation_save, conversation_state
    from ourvoice.feedback.models import Category

    _in_english_to_the_office(chat)
    chat.press("Another problem with a service")
    chat.press_data("a:yes")
    chat.send("The chief asks for money.")
    chat.press_data("done")
    chat.press_data("skip")
    chat.press_data("n")
    with transaction.atomic():
        conversation = conversation_lock(channel="telegram", address=str(chat.chat_id))
        state = conversation_state(conversation=conversation)
        state["draft"].pop("route")  # as the previous version saved it
        state["draft"]["category"] = Category.objects.get(code="other-complaint").pk
        conversation_save(conversation=conversation, state=state)
    replies = chat.press_data("send")
    assert replies[0] == "Say whether this complaint is about the office or someone who works there."
    assert replies[1].startswith("Is this complaint about Sla Kram office")
    chat.press_data("a:yes")
    chat.press_data("done")
    chat.press_data("skip")
    chat.press_data("n")
    found = RECEIPT.search(chat.press_data("send")[-1])
    assert found
    assert receipt_open(receipt_text=found.group(1), client="test").feedback.about_office is True


def test_a_chat_over_its_hourly_share_is_told_to_wait_and_keeps_its_draft(chat, settings):
    """Issue 15: reports are limited per client (a chat, here); the refused draft is kept and
    "send" works again once the chat may send."""
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 1
    with time_machine.travel(datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        file_report(chat, "support")
        category, answers = KINDS["support"]
        chat.send("/start")
        chat.press_data("k:support")
        choose_place_and_office(chat)
        chat.press(category)
        for action, value in answers:
            getattr(chat, action)(value)
        chat.send("សំណើទីពីរ")
        chat.press_data("done")
        chat.press_data("pg:female")
        chat.press_data("pa:25_34")
        chat.press_data("pd:no")
        chat.press_data("y")
        refused = chat.press_data("send")
        assert "សូមរង់ចាំ" in refused[0] and not RECEIPT.search(" ".join(refused))
        assert Feedback.objects.count() == 1
        settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 2
        sent = chat.press_data("send")
        assert RECEIPT.search(sent[-1])
    assert Feedback.objects.filter(description="សំណើទីពីរ").count() == 1
