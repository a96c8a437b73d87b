import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.core.crypto import decrypt
from ourvoice.feedback.models import Attachment, Feedback, Kind
from ourvoice.feedback.receipts import verify_secret
from ourvoice.feedback.services import Upload, feedback_submit
from ourvoice.feedback.tests.test_files import jpeg_with_metadata


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_is_stored_with_a_receipt_that_opens_it(make_input, kind):
    submission = feedback_submit(data=make_input(kind))
    feedback = Feedback.objects.get(pk=submission.feedback.pk)
    assert feedback.kind == kind
    assert feedback.locator == submission.receipt.locator
    assert verify_secret(feedback.secret_hash, submission.receipt.secret)
    assert submission.receipt.secret not in feedback.secret_hash
    assert submission.case.status == Status.RECEIVED
    assert [e.type for e in submission.case.events.all()] == [CaseEvent.Type.SUBMITTED, CaseEvent.Type.ROUTED]


def test_only_kind_place_and_text_are_required(make_input, area):
    submission = feedback_submit(data=make_input(office=None))
    assert submission.feedback.office == area.commune_office  # routing picks the commune office
    assert submission.feedback.gender == "not_said"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "   "}, "description"),
        ({"commune": None, "office": None}, "commune"),
        ({"category_code": "documents"}, "category"),  # an information topic on a complaint
    ],
)
def test_missing_or_wrong_fields_are_refused(make_input, overrides, field):
    if "category_code" in overrides:
        data = make_input(category=overrides.pop("category_code"))
        data.kind = Kind.COMPLAINT
    else:
        data = make_input(**overrides)
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=data)
    assert field in error.value.message_dict
    assert Feedback.objects.count() == 0


def test_an_office_that_does_not_serve_the_commune_is_refused(make_input, area):
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(office=area.other_commune_office))
    assert "office" in error.value.message_dict


def test_guided_answers_are_validated_and_typed(make_input):
    data = make_input(answers={"days_waited": "១៤", "told_deadline": "no"})
    assert feedback_submit(data=data).feedback.answers == {"days_waited": 14, "told_deadline": False}
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(answers={"days_waited": "many"}))
    assert "answers.days_waited" in error.value.message_dict
    with pytest.raises(ValidationError):
        feedback_submit(data=make_input(answers={"not_a_question": "x"}))


def test_fee_reports_store_the_overcharge(make_input):
    data = make_input(
        Kind.EVALUATION, official_fee=4000, amount_paid=20000, receipt_given=False, scores={"overall": 2}
    )
    feedback = feedback_submit(data=data).feedback
    assert feedback.overcharge == 16000
    assert feedback.scores == {"overall": 2}


def test_scores_outside_one_to_five_are_refused(make_input):
    with pytest.raises(ValidationError):
        feedback_submit(data=make_input(Kind.EVALUATION, scores={"overall": 6}))


def test_contact_details_are_kept_only_with_consent_and_encrypted(make_input):
    without = feedback_submit(data=make_input(contact_phone="012345678")).feedback
    assert without.contact_ciphertext is None and not without.contact_consent
    with_consent = feedback_submit(data=make_input(contact_phone="012345678", contact_consent=True)).feedback
    stored = bytes(Feedback.objects.get(pk=with_consent.pk).contact_ciphertext or b"")
    assert b"012345678" not in stored
    assert json.loads(decrypt(stored, purpose="contact"))["phone"] == "012345678"


def test_the_same_idempotency_key_makes_one_report_with_the_same_receipt(make_input):
    first = feedback_submit(data=make_input(), idempotency_key="tap-1")
    again = feedback_submit(data=make_input(), idempotency_key="tap-1")
    assert Feedback.objects.count() == 1
    assert again.created is False
    assert again.receipt == first.receipt
    other = feedback_submit(data=make_input(), idempotency_key="tap-2")
    assert other.receipt != first.receipt


def test_files_are_stored_encrypted_under_random_names(make_input):
    photo = jpeg_with_metadata()
    feedback = feedback_submit(data=make_input(), uploads=[Upload("my-house.jpg", photo)]).feedback
    attachment = Attachment.objects.get(feedback=feedback)
    assert "my-house" not in attachment.stored_name
    with default_storage.open(f"attachments/{attachment.stored_name}") as stored:
        raw = stored.read()
    assert raw[:3] != b"\xff\xd8\xff"  # not a readable JPEG on disk
    assert decrypt(raw, purpose="file")[:3] == b"\xff\xd8\xff"


def test_a_refused_file_stores_nothing(make_input):
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(), uploads=[Upload("x.html", b"<html></html>")])
    assert "attachments" in error.value.message_dict
    assert Feedback.objects.count() == 0


def test_a_failure_inside_the_transaction_removes_written_files(make_input, monkeypatch):
    """G1: files are written before commit and removed on rollback."""
    from ourvoice.feedback import services

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "case_open", fail)
    with pytest.raises(RuntimeError):
        feedback_submit(data=make_input(), uploads=[Upload("a.jpg", jpeg_with_metadata())])
    assert Feedback.objects.count() == 0 and Case.objects.count() == 0
    _, files = default_storage.listdir("attachments")
    assert files == []


def test_national_oversight_cannot_be_chosen_directly(make_input, area):
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(office=area.national, commune=None))
    assert "office" in error.value.message_dict


def test_true_is_not_a_score(make_input):
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(Kind.EVALUATION, scores={"overall": True}))
    assert "scores" in error.value.message_dict


@pytest.mark.parametrize("field", ["description", "service_name"])
def test_nul_and_control_characters_are_refused_not_crashing_the_database(make_input, field):
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(**{field: "abc\x00def"}))
    assert "description" in error.value.message_dict
    assert Feedback.objects.count() == 0
