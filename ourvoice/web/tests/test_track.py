"""Tracking with a receipt: the case page, identical rejections, throttling, reply, rating, forget."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ourvoice.accounts.models import User
from ourvoice.cases.models import CaseEvent, Status
from ourvoice.cases.services import case_transition
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.models import Attachment
from ourvoice.feedback.services import feedback_submit
from ourvoice.feedback.throttle import CLIENT_FAILURES_PER_WINDOW
from ourvoice.messaging.models import Message
from ourvoice.messaging.services import message_post_by_office
from ourvoice.web.tests.citizen import Citizen
from ourvoice.web.tests.pagetools import parse


@pytest.fixture
def submission(place, make_input):
    return feedback_submit(data=make_input())


def _open(citizen: Citizen, receipt: str, lang: str = "km"):
    return citizen.post(f"/{lang}/track/", {"receipt": receipt})


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_right_receipt_opens_the_case_page_with_status_timeline_and_messages(submission):
    staff = User.objects.create_user(username="clerk.sok", password="x" * 12, first_name="Sokha")
    message_post_by_office(
        case=submission.case, author=staff, body="Please send a photo of the receipt.", ask_citizen=True
    )
    CaseEvent.objects.create(
        case=submission.case, type=CaseEvent.Type.NOTE, reason="INTERNAL-NOTE-42", public=False
    )
    citizen = Citizen()
    response = _open(citizen, to_khmer_digits(submission.receipt.grouped().replace(" ", "-")))
    assert response.status_code == 303 and response["Location"] == "/km/track/case/"
    page = citizen.get("/km/track/case/")
    text = page.text()
    assert "រង់ចាំចម្លើយរបស់អ្នក" in text or "waiting" in page.html  # status "Waiting for your answer"
    assert "Please send a photo of the receipt." in text
    assert "INTERNAL-NOTE-42" not in page.html and "clerk.sok" not in page.html and "Sokha" not in page.html
    assert submission.receipt.secret not in page.html
    assert len([e for e in page.elements if e.attrs.get("class") == "timeline__item"]) >= 3
    assert all(submission.receipt.digits not in address for address in citizen.addresses)
    assert citizen.client.session["tracked_case_id"] == submission.case.pk


def test_an_unknown_case_and_a_wrong_secret_get_the_same_answer(submission):
    typed_wrong_secret = submission.receipt.locator + "000000000000"
    typed_unknown_case = "99999999" + submission.receipt.secret
    wrong_secret = _open(Citizen(), typed_wrong_secret)
    unknown_case = _open(Citizen(), typed_unknown_case)
    assert wrong_secret.status_code == unknown_case.status_code == 404
    # The same page, but for what each one typed, which stays in the field to be corrected.
    assert _without_tokens(wrong_secret.content.decode()).replace(typed_wrong_secret, "TYPED") == (
        _without_tokens(unknown_case.content.decode()).replace(typed_unknown_case, "TYPED")
    )


def test_a_code_that_is_not_20_digits_is_explained(submission):
    response = _open(Citizen(), "1234", lang="en")
    assert response.status_code == 400
    assert "A receipt code has 20 digits." in response.content.decode()


def test_repeated_wrong_codes_get_429_with_retry_after(submission):
    citizen = Citizen()
    statuses = [
        _open(citizen, f"{n:08d}123456789012").status_code for n in range(CLIENT_FAILURES_PER_WINDOW + 2)
    ]
    assert statuses[:CLIENT_FAILURES_PER_WINDOW] == [404] * CLIENT_FAILURES_PER_WINDOW
    blocked = _open(citizen, f"{99:08d}123456789012")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "រង់ចាំ" in blocked.content.decode()


def test_the_case_page_needs_a_tracked_case(place):
    response = Citizen().client.get("/km/track/case/")
    assert response.status_code == 303 and response["Location"] == "/km/track/"


def test_a_reply_adds_a_message_and_a_file(submission):
    citizen = Citizen()
    _open(citizen, str(submission.receipt))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="JPEG")
    photo = SimpleUploadedFile("receipt.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = citizen.post("/en/track/case/reply/", {"body": "Here is the photo.", "attachments": [photo]})
    assert response.status_code == 303
    message = Message.objects.get(case=submission.case, sender=Message.Sender.CITIZEN)
    assert message.body == "Here is the photo."
    assert Attachment.objects.filter(message=message).count() == 1
    page = citizen.get("/en/track/case/")
    assert "Here is the photo." in page.text() and "Your message was sent to the office." in page.text()


def test_an_empty_reply_is_refused_with_400(submission):
    citizen = Citizen()
    _open(citizen, str(submission.receipt))
    response = citizen.post("/en/track/case/reply/", {"body": "  "})
    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()


def _close(case) -> None:
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
        case_transition(case=case, to_status=status, actor=None)


def test_rating_with_1_after_closing_moves_the_case_one_level_up(submission, place):
    citizen = Citizen()
    _open(citizen, str(submission.receipt))
    assert "rating-form" not in citizen.get("/en/track/case/").html  # not before it is closed
    _close(submission.case)
    page = citizen.get("/en/track/case/")
    faces = [e for e in page.elements if e.attrs.get("name") == "score"]
    assert [e.attrs["value"] for e in faces] == ["1", "2", "3", "4", "5"]
    assert "next level" in page.text()
    response = citizen.post("/en/track/case/rate/", {"score": "1"})
    assert response.status_code == 303
    submission.case.refresh_from_db()
    assert submission.case.level == 1 and submission.case.office == place.district_ombudsman
    assert submission.case.status == Status.RECEIVED
    assert "sent to the next level" in citizen.get("/en/track/case/").text()


def test_a_good_rating_is_stored_and_the_form_goes(submission):
    citizen = Citizen()
    _open(citizen, str(submission.receipt))
    _close(submission.case)
    assert citizen.post("/en/track/case/rate/", {"score": "5"}).status_code == 303
    assert submission.case.ratings.get().score == 5
    assert "rating-form" not in citizen.get("/en/track/case/").html
    assert citizen.post("/en/track/case/rate/", {"score": "9"}).status_code == 400


def test_forget_removes_access_from_this_device(submission):
    citizen = Citizen()
    _open(citizen, str(submission.receipt))
    assert citizen.client.get("/km/track/case/").status_code == 200
    response = citizen.post("/km/track/forget/", {})
    assert response.status_code == 303
    assert "tracked_case_id" not in citizen.client.session
    assert citizen.client.get("/km/track/case/").status_code == 303
    assert citizen.client.post("/km/track/case/reply/", {"body": "hello"}).status_code == 303
    assert not Message.objects.filter(body="hello").exists()


def test_the_track_form_is_a_post_form_with_a_labelled_field(place):
    page = Citizen().get("/km/track/")
    form = page.form(action="/km/track/")
    assert form.attrs["method"] == "post"
    labels = [e for e in page.elements if e.tag == "label" and e.attrs.get("for") == "id_receipt"]
    assert labels and parse(page.html)
