"""POST /api/v1/track/messages/ and /api/v1/track/rating/: reply, add files, rate the outcome."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ourvoice.api.tests.helpers import case_of, close, in_khmer
from ourvoice.cases.models import CaseEvent, Rating, Status
from ourvoice.cases.services import case_transition
from ourvoice.feedback.models import Attachment
from ourvoice.feedback.tests.test_files import jpeg_with_metadata
from ourvoice.messaging.models import Message

MESSAGES = "/api/v1/track/messages/"
RATING = "/api/v1/track/rating/"


def test_a_reply_answers_201_and_resumes_a_waiting_case(api, submitted):
    case = case_transition(case=case_of(submitted), to_status=Status.WAITING, actor=None)
    response = api.post(
        MESSAGES, {"receipt": submitted["receipt"], "body": "  In Sla Kram.  "}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body == {"sender": "citizen", "body": "In Sla Kram.", "date": body["date"], "attachments": 0}
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert Message.objects.get().body == "In Sla Kram."
    assert response["Cache-Control"] == "no-store"


def test_files_may_be_added_with_or_without_text(api, submitted):
    photo = SimpleUploadedFile("receipt.jpg", jpeg_with_metadata())
    data = {"receipt": submitted["receipt"], "attachments": [photo]}
    response = api.post(MESSAGES, data, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["attachments"] == 1
    message = Message.objects.get()
    assert Attachment.objects.get(message=message).feedback_id == case_of(submitted).feedback_id
    track = api.post("/api/v1/track/", {"receipt": submitted["receipt"]}, format="json").json()
    assert track["messages"][-1]["attachments"] == 1


def test_an_empty_message_is_refused(api, submitted):
    message = "Write a message or attach a file."
    response = api.post(MESSAGES, {"receipt": submitted["receipt"], "body": " "}, format="json")
    assert (response.status_code, response.json()) == (400, {"body": [message]})
    km = api.post(MESSAGES, {"receipt": submitted["receipt"]}, format="json", HTTP_ACCEPT_LANGUAGE="km")
    assert km.json() == {"body": [in_khmer(message)]}


def test_a_refused_file_in_a_reply(api, submitted):
    page = SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    response = api.post(
        MESSAGES, {"receipt": submitted["receipt"], "attachments": [page]}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["attachments"]
    assert "x.svg" in response.json()["attachments"][0]
    assert Message.objects.count() == 0


def test_a_closed_case_takes_no_more_messages(api, submitted):
    close(case_of(submitted))
    message = "This case is closed: you can no longer add to it."
    response = api.post(MESSAGES, {"receipt": submitted["receipt"], "body": "Hello?"}, format="json")
    assert (response.status_code, response.json()) == (400, {"body": [message]})
    km = api.post(
        MESSAGES,
        {"receipt": submitted["receipt"], "body": "Hello?"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="km",
    )
    assert km.json() == {"body": [in_khmer(message)]}


def test_a_wrong_receipt_cannot_post(api, submitted):
    digits = submitted["receipt"].replace(" ", "")
    wrong = digits[:8] + ("0" * 12 if digits[8:] != "0" * 12 else "1" * 12)
    response = api.post(MESSAGES, {"receipt": wrong, "body": "Hello"}, format="json")
    assert response.status_code == 404
    response = api.post(RATING, {"receipt": wrong, "score": 5}, format="json")
    assert response.status_code == 404
    assert Message.objects.count() == 0


def test_a_good_rating_of_a_closed_case(api, area, submitted):
    close(case_of(submitted))
    response = api.post(RATING, {"receipt": submitted["receipt"], "score": 4}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["score"], body["appeal_opened"], body["status"]) == (4, False, "closed")
    assert body["office"]["id"] == area.commune_office.pk
    assert Rating.objects.get().score == 4
    again = api.post(RATING, {"receipt": submitted["receipt"], "score": 5}, format="json")
    assert (again.status_code, again.json()) == (400, {"score": ["You have already rated this outcome."]})


@pytest.mark.parametrize("score", [1, "២"])
def test_a_poor_rating_opens_an_appeal_one_level_up(api, area, submitted, score):
    close(case_of(submitted))
    response = api.post(RATING, {"receipt": submitted["receipt"], "score": score}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["appeal_opened"] is True
    assert (body["status"], body["office"]["id"]) == ("received", area.district_ombudsman.pk)
    assert case_of(submitted).events.filter(type=CaseEvent.Type.APPEALED).count() == 1


def test_an_open_case_cannot_be_rated(api, submitted):
    message = "You can rate the outcome once the case is closed."
    response = api.post(RATING, {"receipt": submitted["receipt"], "score": 5}, format="json")
    assert (response.status_code, response.json()) == (400, {"score": [message]})
    km = api.post(
        RATING, {"receipt": submitted["receipt"], "score": 5}, format="json", HTTP_ACCEPT_LANGUAGE="km"
    )
    assert km.json() == {"score": [in_khmer(message)]}


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (0, "Choose a score from 1 to 5."),
        (6, "Choose a score from 1 to 5."),
        ("five", "Choose a score from 1 to 5."),
        (None, "Choose a score from 1 to 5."),
        (4.5, "Choose a score from 1 to 5."),
        (True, "Choose a score from 1 to 5."),
    ],
)
def test_a_bad_score_is_refused(api, submitted, score, message):
    close(case_of(submitted))
    response = api.post(RATING, {"receipt": submitted["receipt"], "score": score}, format="json")
    assert (response.status_code, response.json()) == (400, {"score": [message]})
    assert Rating.objects.count() == 0


def test_no_answer_is_cached_and_no_header_carries_the_receipt(api, submitted):
    receipt = submitted["receipt"]
    secret = receipt.replace(" ", "")[8:]
    responses = [
        api.get("/api/v1/categories/"),
        api.post("/api/v1/feedback/", {}, format="json"),
        api.post("/api/v1/track/", {"receipt": receipt}, format="json"),
        api.post("/api/v1/track/", {"receipt": "0" * 20}, format="json"),
        api.post(MESSAGES, {"receipt": receipt, "body": "More details."}, format="json"),
        api.post(RATING, {"receipt": receipt, "score": 3}, format="json"),
    ]
    assert [r.status_code for r in responses] == [200, 400, 200, 404, 201, 400]
    for response in responses:
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert all(secret not in value.replace(" ", "") for value in response.headers.values())
