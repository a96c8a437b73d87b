"""POST /api/v1/feedback/: reports from mobile apps, in JSON or multipart with files."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ourvoice.api.tests.helpers import case_of, in_khmer, report_data
from ourvoice.feedback.models import Attachment, Channel, Feedback
from ourvoice.feedback.receipts import parse_receipt, verify_secret
from ourvoice.feedback.tests.test_files import jpeg_with_metadata, png_with_metadata

URL = "/api/v1/feedback/"
RECEIPT = re.compile(r"\d{4} \d{4} \d{4} \d{4} \d{4}")


def _files(*names_and_data: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data) for name, data in names_and_data]


def test_a_json_report_answers_201_with_its_reference_and_receipt(api, area):
    response = api.post(URL, report_data(area, answers={"days_waited": 14}), format="json")

    assert response.status_code == 201
    body = response.json()
    assert RECEIPT.fullmatch(body["receipt"])
    # The staff reference, unrelated to the receipt (issue 15): no digit of the receipt in it.
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", body["reference"])
    assert body["receipt"].replace(" ", "")[:8] not in body["reference"]
    assert body == {
        "reference": body["reference"],
        "receipt": body["receipt"],
        "status": "received",
        "status_label": "Received",
        "kind": "complaint",
        "category": {
            "code": "slow-service",
            "name_km": "សេវាយឺត ឬហួសពេលកំណត់",
            "name_en": "Slow service or a missed deadline",
        },
        "office": {
            "id": area.commune_office.pk,
            "name_km": "Sla Kram office",
            "name_en": "Sla Kram office",
            "type": "commune",
        },
        "submitted": timezone.localdate().isoformat(),
        "attachments": 0,
    }
    feedback = Feedback.objects.get(reference=body["reference"])
    receipt = parse_receipt(body["receipt"])
    assert receipt is not None
    assert verify_secret(feedback.secret_hash, receipt.secret)
    assert feedback.channel == Channel.API
    assert feedback.answers == {"days_waited": 14}
    assert feedback.commune == area.commune


def test_the_receipt_travels_only_in_the_body(api, area):
    response = api.post(URL, report_data(area), format="json")
    digits = response.json()["receipt"].replace(" ", "")
    assert response["Cache-Control"] == "no-store"
    for header, value in response.items():
        assert digits[8:] not in value.replace(" ", ""), header


def test_khmer_digits_in_codes_amounts_dates_and_answers(api, area):
    data = report_data(
        area,
        category="unofficial-fee",
        commune="១៧១០០១",
        office=str(area.commune_office.pk),
        visit_date="២០២៥-០១-០២",
        service_name="សំបុត្រកំណើត",
        official_fee="៤,០០០",
        amount_paid="២០០០០",
        receipt_given="no",
        answers={"who_asked": "counter_staff"},
    )
    response = api.post(URL, data, format="json")

    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get(reference=response.json()["reference"])
    assert (feedback.commune_id, feedback.visit_date) == ("171001", datetime.date(2025, 1, 2))
    assert (feedback.official_fee, feedback.amount_paid, feedback.overcharge) == (4000, 20000, 16000)
    assert feedback.receipt_given is False
    assert feedback.answers == {"who_asked": "counter_staff"}


def test_routing_picks_the_office_when_only_the_commune_is_given(api, area):
    response = api.post(URL, report_data(area, office=None), format="json")
    assert response.status_code == 201
    assert response.json()["office"]["id"] == area.commune_office.pk


def test_an_office_alone_is_enough(api, area):
    response = api.post(URL, report_data(area, commune=None, office=area.owso.pk), format="json")
    assert response.status_code == 201
    assert Feedback.objects.get().office == area.owso


def test_a_complaint_about_the_office_is_handled_by_its_ombudsman(api, area):
    data = report_data(area, category="staff-conduct", answers={"what_happened": "rude"})
    body = api.post(URL, data, format="json").json()
    assert body["office"]["id"] == area.district_ombudsman.pk
    assert case_of(body).hidden_from == area.commune_office


def test_nulls_mean_not_given(api, area):
    data = report_data(area)
    nulls = ["office", "visit_date", "answers", "scores", "gender", "receipt_given", "official_fee"]
    data.update(dict.fromkeys([*nulls, "contact_phone", "contact_consent", "service_name"]))
    data["contact_consent"] = False
    response = api.post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get()
    assert (feedback.gender, feedback.receipt_given, feedback.answers) == ("not_said", None, {})
    assert feedback.office == area.commune_office


def test_multipart_with_files_and_json_text_for_answers_and_scores(api, area):
    data = {
        "kind": "evaluation",
        "category": "service-evaluation",
        "commune": "171001",
        "description": "Quick and polite.",
        "scores": json.dumps({"courtesy": 5, "overall": "៤"}),
        "official_fee": "4000",
        "amount_paid": "4000",
        "gender": "female",
        "age_band": "25_34",
        "attachments": _files(("photo.jpg", jpeg_with_metadata()), ("sign.png", png_with_metadata())),
    }
    response = api.post(URL, data, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["attachments"]) == ("evaluation", 2)
    feedback = Feedback.objects.get(reference=body["reference"])
    assert feedback.scores == {"courtesy": 5, "overall": 4}
    assert (feedback.gender, feedback.age_band) == ("female", "25_34")
    assert feedback.receipt_given is None  # left out of the form: not said, not "no"
    assert feedback.contact_consent is False
    assert sorted(a.file_kind for a in Attachment.objects.filter(feedback=feedback)) == ["image", "image"]


def test_multipart_answers_as_json_text(api, area):
    data = report_data(area, answers=json.dumps({"days_waited": "១០", "told_deadline": "yes"}))
    response = api.post(URL, data, format="multipart")
    assert response.status_code == 201, response.json()
    assert Feedback.objects.get().answers == {"days_waited": 10, "told_deadline": True}


def test_contact_details_are_kept_encrypted_only_with_consent(api, area):
    phone = "012345678"
    api.post(URL, report_data(area, contact_phone=phone), format="json")
    api.post(URL, report_data(area, contact_phone=phone, contact_consent=True), format="json")
    without, with_consent = Feedback.objects.order_by("submitted_at", "id")
    assert (without.contact_consent, without.contact_ciphertext) == (False, None)
    assert with_consent.contact_consent is True
    assert phone.encode() not in bytes(with_consent.contact_ciphertext or b"")


def test_a_retry_with_the_same_idempotency_key_returns_the_same_report(api, area):
    key = "3f2b8c4e-9a1d-4c6e-8f00-1234567890ab"
    first = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=key)
    retry = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=key)
    other = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=key[::-1])

    assert (first.status_code, retry.status_code, other.status_code) == (201, 200, 201)
    assert retry.json() == first.json()
    assert other.json()["receipt"] != first.json()["receipt"]
    assert Feedback.objects.count() == 2


@pytest.mark.parametrize(
    "key", ["", "short-key", "x" * 201, "has spaces in it, really", "ключ-ключ-ключ-ключ"]
)
def test_a_guessable_or_malformed_idempotency_key_is_refused(api, area, key):
    response = api.post(
        URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1")
    )
    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert Feedback.objects.count() == 0


def test_publication_consent_is_kept_where_it_may_be_asked(api, area):
    for category in ("staff-conduct", "slow-service"):
        given = api.post(URL, report_data(area, category=category, publication_consent=True), format="json")
        assert given.status_code == 201
        assert case_of(given.json()).feedback.publication_consent is True
    # Never for a sensitive report (never published) nor an evaluation.
    sensitive = api.post(
        URL, report_data(area, category="sexual-harassment", publication_consent=True), format="json"
    )
    assert case_of(sensitive.json()).feedback.publication_consent is False
    bad = api.post("/api/v1/feedback/", report_data(area, publication_consent="perhaps"), format="json")
    assert bad.status_code == 400 and "publication_consent" in bad.json()


def test_a_complaint_topic_that_asks_needs_about_office_in_the_citizens_language(api, area):
    response = api.post(
        URL,
        report_data(area, category="other-complaint", about_office=None),
        format="json",
        HTTP_ACCEPT_LANGUAGE="km",
    )
    assert response.status_code == 400
    assert response.json()["about_office"] == [
        in_khmer("Say whether this complaint is about the office or someone who works there.")
    ]
    assert not Feedback.objects.exists()
    bad = api.post(URL, report_data(area, about_office="perhaps"), format="json")
    assert bad.status_code == 400 and "about_office" in bad.json()


def test_about_office_routes_the_complaint_to_the_office_overseeing_it(api, area):
    body = report_data(area, category="other-complaint", office=area.owso.pk, about_office=True)
    case = case_of(api.post(URL, body, format="json").json())
    assert (case.office, case.hidden_from, case.feedback.about_office) == (
        area.district_ombudsman,
        area.owso,
        True,
    )
    # Ignored where the topic does not ask: a support request stays with the office.
    support = report_data(area, kind="support", category="resolve-problem", about_office=True)
    case = case_of(api.post(URL, support, format="json").json())
    assert (case.office, case.feedback.about_office) == (area.commune_office, None)
