"""POST /api/v1/feedback/ refused: field errors as {field: [messages]} in the request's language."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.utils import translation

from ourvoice.api.tests.helpers import in_khmer, report_data
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.tests.test_files import jpeg_with_metadata

URL = "/api/v1/feedback/"

CATEGORY_UNKNOWN = "No topic has this code: refresh the categories list."
CATEGORY = "Give the code of a topic from the categories list."
COMMUNE = "Give a commune code of 6 digits, for example 171009."
COMMUNE_UNKNOWN = "No commune has this code."
OFFICE = "Give the id of an office from the offices list: a whole number."
OFFICE_UNKNOWN = "No office has this id: refresh the offices list."
KIND = "Give a kind: complaint, support, information or evaluation."
DESCRIPTION = "Tell us what happened or what you need."
TEXT = "Give this as text."
UNSTORABLE = "This text contains characters that cannot be stored: remove them."
DATE = "Enter a date such as 2026-04-14."
AMOUNT = "Enter a number between 0 and 1,000,000,000,000."
YES_NO = "Answer yes or no."
CHOICE = "Choose one of the answers in the list."
ANSWERS = "Give the answers as an object that maps question codes to answers."
ANSWER_VALUE = "Each answer is a text, a number, or true or false."
SCORES = "Give the scores as an object that maps indicators to a number from 1 to 5."
SCORE = "Each score is a number from 1 to 5."


def post_json(api, data, **extra):
    """JSON as any client may send it: ``json.dumps`` escapes lone surrogates, DRF's renderer cannot."""
    return api.generic("POST", URL, json.dumps(data), content_type="application/json", **extra)


def _assert_refused_in_both_languages(api, data, expected: dict[str, str]) -> None:
    response = post_json(api, data)
    assert response.status_code == 400, response.content
    assert response.json() == {field: [message] for field, message in expected.items()}
    response = post_json(api, data, HTTP_ACCEPT_LANGUAGE="km")
    assert response.json() == {field: [in_khmer(message)] for field, message in expected.items()}
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "complain"}, "kind", KIND),
        ({"kind": None}, "kind", KIND),
        ({"category": "no-such-topic"}, "category", CATEGORY_UNKNOWN),
        ({"category": "not a code!"}, "category", CATEGORY),
        ({"category": 7}, "category", CATEGORY),
        ({"commune": "999999"}, "commune", COMMUNE_UNKNOWN),
        ({"commune": "17100"}, "commune", COMMUNE),
        ({"commune": ["171001"]}, "commune", COMMUNE),
        ({"office": 999999}, "office", OFFICE_UNKNOWN),
        ({"office": "first"}, "office", OFFICE),
        ({"office": 10**30}, "office", OFFICE),
        ({"office": True}, "office", OFFICE),
        ({"description": None}, "description", DESCRIPTION),
        ({"description": "   "}, "description", DESCRIPTION),
        ({"description": 42}, "description", DESCRIPTION),
        ({"description": "a\x00b"}, "description", UNSTORABLE),
        ({"visit_date": "yesterday"}, "visit_date", DATE),
        ({"visit_date": "2025-02-30"}, "visit_date", DATE),
        ({"official_fee": -1}, "official_fee", AMOUNT),
        ({"amount_paid": 10**13}, "amount_paid", AMOUNT),
        ({"amount_paid": "a lot"}, "amount_paid", AMOUNT),
        ({"receipt_given": "maybe"}, "receipt_given", YES_NO),
        ({"contact_consent": [1]}, "contact_consent", YES_NO),
        ({"gender": "unknown"}, "gender", CHOICE),
        ({"service_name": {"name": "x"}}, "service_name", TEXT),
        ({"answers": ["days_waited", 3]}, "answers", ANSWERS),
        ({"answers": "{not json"}, "answers", ANSWERS),
        ({"answers": {"days waited!": 3}}, "answers", ANSWERS),
        ({"answers": {"days_waited": [3]}}, "answers", ANSWER_VALUE),
        ({"answers": {"days_waited": "\ud800"}}, "answers", ANSWER_VALUE),
        ({"scores": {"overall": "good"}}, "scores", SCORE),
        ({"scores": {"overall": True}}, "scores", SCORE),
        ({"scores": 5}, "scores", SCORES),
    ],
)
def test_malformed_fields(api, area, overrides, field, message):
    data = report_data(area)
    data.update(overrides)
    _assert_refused_in_both_languages(api, data, {field: message})


def test_a_description_over_4000_characters(api, area):
    limit_message = "Use at most %(limit_value)d characters."
    data = report_data(area, description="ក" * 4001)
    response = api.post(URL, data, format="json")
    assert response.json() == {"description": [limit_message % {"limit_value": 4000}]}
    response = api.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="km")
    assert response.json() == {"description": [in_khmer(limit_message, limit_value=4000)]}
    assert api.post(URL, report_data(area, description="ក" * 4000), format="json").status_code == 201


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # The service's own checks, with its keys: the same messages as the web pages.
        ({"answers": {"days_waited": "many"}}, {"answers.days_waited": "Enter a whole number."}),
        (
            {"answers": {"favourite_colour": "blue"}},
            {"answers.favourite_colour": "This question does not belong to the chosen topic."},
        ),
        ({"kind": "support"}, {"category": "Choose a topic from the list."}),
        ({"visit_date": "2999-01-01"}, {"visit_date": "The date of the visit cannot be in the future."}),
        ({"commune": None, "office": None}, {"commune": "Choose the commune or the office."}),
    ],
)
def test_the_services_refusals_keep_their_keys(api, area, overrides, expected):
    data = {**report_data(area), **overrides}
    _assert_refused_in_both_languages(api, {k: v for k, v in data.items() if v is not None}, expected)


def test_an_office_that_does_not_serve_the_commune(api, area):
    data = report_data(area, office=area.other_commune_office.pk)
    _assert_refused_in_both_languages(api, data, {"office": "This office does not serve the chosen commune."})


def test_scores_out_of_range(api, area):
    data = report_data(area, kind="evaluation", category="service-evaluation", scores={"overall": 6})
    _assert_refused_in_both_languages(api, data, {"scores": SCORE})


def test_a_refused_file_names_it_and_stores_nothing(api, area, settings):
    page = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>")
    data = report_data(area, attachments=[page])
    message = "The file “%(name)s” cannot be accepted. Send photos (JPEG, PNG, WebP), a voice note or a PDF."
    response = api.post(URL, data, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"attachments": [message % {"name": "page.html"}]}
    page.seek(0)
    response = api.post(URL, data, format="multipart", HTTP_ACCEPT_LANGUAGE="km")
    assert response.json() == {"attachments": [in_khmer(message, name="page.html")]}
    assert Feedback.objects.count() == 0
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_too_many_files(api, area, settings):
    photos = [
        SimpleUploadedFile(f"p{n}.jpg", jpeg_with_metadata()) for n in range(settings.UPLOAD_MAX_FILES + 1)
    ]
    response = api.post(URL, report_data(area, attachments=photos), format="multipart")
    assert response.status_code == 400
    assert response.json() == {"attachments": [f"You can attach at most {settings.UPLOAD_MAX_FILES} files."]}


@override_settings(UPLOAD_MAX_BYTES=500)
def test_a_file_over_the_size_limit(api, area):
    photo = SimpleUploadedFile("big.jpg", jpeg_with_metadata() + b"\0" * 1000)
    response = api.post(URL, report_data(area, attachments=[photo]), format="multipart")
    assert response.status_code == 400
    [message] = response.json()["attachments"]
    assert message.startswith("The file “big.jpg” is too large")


def test_files_under_another_name_are_refused_not_dropped(api, area):
    photo = SimpleUploadedFile("p.jpg", jpeg_with_metadata())
    response = api.post(URL, report_data(area, photo=photo), format="multipart")
    assert response.status_code == 400
    assert response.json() == {"photo": ["Send files under the name “attachments”."]}


UNREADABLE = "The request body could not be read: send valid JSON, or a well-formed multipart form."


@pytest.mark.parametrize(
    "body",
    [b"{", b'{"kind": "complaint",}', b"\xff\xfe", b"NaN", b'{"a": Infinity}', b"[" * 5000 + b"]" * 5000],
)
def test_malformed_json_answers_400(api, area, body):
    response = api.generic("POST", URL, body, content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"detail": UNREADABLE})
    response = api.generic("POST", URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="km")
    assert response.json() == {"detail": in_khmer(UNREADABLE)}


def test_json_nested_deeper_than_any_request_needs(api, area):
    nested: object = "x"
    for _level in range(40):
        nested = [nested]
    response = api.post(URL, report_data(area, answers={"days_waited": nested}), format="json")
    assert (response.status_code, response.json()) == (400, {"detail": UNREADABLE})


@pytest.mark.parametrize("body", [[], [1, 2], "complaint", 42, None])
def test_a_body_that_is_not_an_object(api, body):
    response = api.generic("POST", URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Send a JSON object with the fields of this request."]}


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "application/xml", "text/html"]
)
def test_other_content_types_answer_415(api, content_type):
    message = "Send the request body as JSON (application/json), or as multipart/form-data to attach files."
    response = api.generic("POST", URL, "kind=complaint", content_type=content_type)
    assert (response.status_code, response.json()) == (415, {"detail": message})
    response = api.generic(
        "POST", URL, "kind=complaint", content_type=content_type, HTTP_ACCEPT_LANGUAGE="km"
    )
    assert response.json() == {"detail": in_khmer(message)}


def test_a_body_over_the_memory_limit_answers_413(api, area, settings):
    message = "The request is too large: send at most %(size)s besides the attached files."
    data = report_data(area, description="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    for lang in ("en", "km"):
        response = api.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 413
        with translation.override(lang):
            size = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        expected = in_khmer(message, size=size) if lang == "km" else message % {"size": size}
        assert response.json() == {"detail": expected}
    assert Feedback.objects.count() == 0


def test_get_is_not_allowed(api):
    response = api.get(URL)
    assert response.status_code == 405
    assert response.json() == {"detail": "This address does not accept GET requests."}


def test_a_client_that_accepts_only_html_is_told_in_json(api, area):
    response = api.post(URL, report_data(area), format="json", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.json() == {"detail": "This API answers only in JSON (application/json)."}
    assert Feedback.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_a_form_with_more_parts_than_django_reads(api, area):
    photos = [SimpleUploadedFile(f"p{n}.jpg", b"x") for n in range(4)]
    response = api.post(URL, report_data(area, attachments=photos), format="multipart")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "The request has too many fields or files."},
    )


def test_form_fields_over_the_memory_limit_answer_413(api, area, settings):
    data = report_data(area, description="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    response = api.post(URL, data, format="multipart")
    assert response.status_code == 413
    assert Feedback.objects.count() == 0
