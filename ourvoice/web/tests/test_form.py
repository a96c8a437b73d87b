"""The report form: guided questions, fees, scorecard, files, consent, and one report per token."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from ourvoice.feedback.models import Attachment, Feedback
from ourvoice.feedback.services import receipt_open
from ourvoice.web.tests.citizen import Citizen, Page, form_url, form_values, open_form, send_form
from ourvoice.web.tests.pagetools import Element, find_all

TEXT = "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។"
CATEGORIES = {
    "complaint": "slow-service",
    "support": "obtain-service",
    "information": "documents",
    "evaluation": "service-evaluation",
}


def photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image_format = "PNG" if name.endswith(".png") else "JPEG"
    Image.new("RGB", (8, 8), "red").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def _field(page, name: str) -> Element:
    found = [e for e in page.elements if e.attrs.get("name") == name and e.tag in ("input", "textarea")]
    assert found, name
    return found[0]


def _error_for(page, name: str) -> str:
    errors = [e for e in page.elements if e.attrs.get("id") == f"id_{name}_error"]
    assert errors, f"no error shown for {name}"
    return errors[0].clean_text


@pytest.mark.parametrize("kind", list(CATEGORIES))
def test_each_kind_is_submitted_in_khmer_and_its_receipt_opens_the_case(place, kind):
    citizen = Citizen()
    page = open_form(
        citizen, lang="km", kind=kind, area=place, office=place.commune_office, category=CATEGORIES[kind]
    )
    extra = {"q_service_wanted": "សំបុត្រកំណើត"} if kind == "support" else {}
    response = send_form(citizen, page, description=TEXT, visit_date="២០២៦-០១-០៥", **extra)
    assert response.status_code == 303, response.content.decode()[:3000]
    assert response["Location"] == "/km/receipt/"
    receipt_page = citizen.get("/km/receipt/")
    latin = next(
        e for e in receipt_page.elements if "receipt-card__latin" in e.attrs.get("class", "")
    ).clean_text
    khmer = next(
        e for e in receipt_page.elements if "receipt-card__digits" in e.attrs.get("class", "")
    ).clean_text
    assert len(latin.replace(" ", "")) == 20 and latin.count(" ") == 4
    assert khmer == latin.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    case = receipt_open(receipt_text=latin, client="test")
    feedback = case.feedback
    assert (feedback.kind, feedback.category.code, feedback.channel) == (kind, CATEGORIES[kind], "web")
    assert feedback.office == place.commune_office and feedback.commune == place.commune
    assert feedback.description == TEXT and str(feedback.visit_date) == "2026-01-05"
    # The receipt was in no address the browser saw, and the page shows it only once.
    assert all(latin.replace(" ", "") not in address for address in citizen.addresses)
    again = citizen.get("/km/receipt/")
    assert (
        again.status == 200
        and latin.split(" ")[0] not in again.html
        and khmer.split(" ")[0] not in again.html
    )


def test_guided_questions_are_rendered_by_type(place):
    page = Citizen().get(form_url(place, "complaint", "slow-service"))
    days = _field(page, "q_days_waited")
    assert days.attrs.get("inputmode") == "numeric"
    told = [e for e in find_all(page.elements, "input") if e.attrs.get("name") == "q_told_deadline"]
    assert [e.attrs["type"] for e in told] == ["radio", "radio"]
    legends = [e.clean_text for e in find_all(page.elements, "legend")]
    assert any("តើគេបានប្រាប់អ្នកថាពេលណានឹងរួចរាល់ទេ?" in legend for legend in legends)
    labels = [e.clean_text for e in find_all(page.elements, "label")]
    assert any("តើអ្នកបានរង់ចាំប៉ុន្មានថ្ងៃ?" in label for label in labels)
    # The visit date: day, month and year lists, each labelled (never the browser's date picker).
    selects = [
        e for e in find_all(page.elements, "select") if e.attrs.get("name", "").startswith("visit_date")
    ]
    assert [e.attrs["name"] for e in selects] == ["visit_date_0", "visit_date_1", "visit_date_2"]
    assert not [e for e in find_all(page.elements, "input") if e.attrs.get("type") == "date"]
    choice_page = Citizen().get(form_url(place, "complaint", "staff-conduct"))
    values = [
        e.attrs["value"]
        for e in find_all(choice_page.elements, "input")
        if e.attrs.get("name") == "q_what_happened"
    ]
    assert values == ["rude", "absent", "refused", "other"]


def test_khmer_digits_are_accepted_in_answers(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    response = send_form(citizen, page, description=TEXT, q_days_waited="១៤", q_told_deadline="no")
    assert response.status_code == 303
    assert Feedback.objects.get().answers == {"days_waited": 14, "told_deadline": False}


def test_a_bad_answer_is_shown_beside_its_field_with_400_and_everything_kept(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    response = send_form(citizen, page, description=TEXT, q_days_waited="many", q_told_deadline="yes")
    assert response.status_code == 400
    again = Page.of(page.url, response)
    assert _error_for(again, "q_days_waited") == "Error: Enter a whole number."
    days = _field(again, "q_days_waited")
    assert days.attrs["value"] == "many"
    assert days.attrs["aria-describedby"] == "id_q_days_waited_error" and days.attrs["aria-invalid"] == "true"
    assert TEXT in _field(again, "description").text
    told = [e for e in again.elements if e.attrs.get("name") == "q_told_deadline" and "checked" in e.attrs]
    assert [e.attrs["value"] for e in told] == ["yes"]
    assert "choose them again" in again.text()
    assert (
        form_values(again.form(id="feedback-form"))["token"]
        == form_values(page.form(id="feedback-form"))["token"]
    )
    assert Feedback.objects.count() == 0


def test_a_missing_description_and_a_bad_date_say_so_in_khmer(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "information", "documents"))
    response = send_form(citizen, page, description="  ", visit_date="yesterday")
    assert response.status_code == 400
    html = response.content.decode()
    assert "សូម" in html  # Khmer error text
    assert "This field is required" not in html and "Enter a date such as" not in html
    assert Feedback.objects.count() == 0


def test_evaluation_scores_are_stored(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "evaluation", "service-evaluation"))
    faces = [e for e in find_all(page.elements, "input") if e.attrs.get("name") == "score_courtesy"]
    assert [e.attrs["value"] for e in faces] == ["1", "2", "3", "4", "5"]
    response = send_form(
        citizen, page, description=TEXT, score_courtesy="5", score_timeliness="2", score_overall="4"
    )
    assert response.status_code == 303
    assert Feedback.objects.get().scores == {"courtesy": 5, "timeliness": 2, "overall": 4}


def test_a_fee_complaint_stores_the_amounts_and_the_overcharge(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "unofficial-fee"))
    response = send_form(
        citizen,
        page,
        description=TEXT,
        service_name="សំបុត្រកំណើត",
        official_fee="៤,០០០",
        amount_paid="20,000 ៛",
        receipt_given="no",
        q_who_asked="counter_staff",
    )
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert (feedback.official_fee, feedback.amount_paid, feedback.overcharge) == (4000, 20000, 16000)
    assert feedback.receipt_given is False
    # Typed, it is clearly the catalogue's birth certificate: stored as that service (issue 16).
    assert (getattr(feedback.service, "code", None), feedback.service_name) == ("birth-certificate", "")


def test_a_bad_amount_is_refused(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "unofficial-fee", lang="en"))
    response = send_form(citizen, page, description=TEXT, amount_paid="a lot")
    assert response.status_code == 400
    assert "Enter the amount in riel" in response.content.decode()


def test_the_same_token_twice_makes_one_report_and_shows_the_same_receipt(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    first = send_form(citizen, page, description=TEXT)
    receipt_one = citizen.get("/km/receipt/").html
    second = send_form(citizen, page, description=TEXT)  # a double tap or a retry
    receipt_two = citizen.get("/km/receipt/").html
    assert first.status_code == second.status_code == 303
    assert Feedback.objects.count() == 1

    def digits(html: str) -> str:
        start = html.index('name="receipt" value="') + len('name="receipt" value="')
        return html[start : start + 20]

    assert digits(receipt_one) == digits(receipt_two)
    fresh = citizen.get(form_url(place, "complaint", "slow-service"))
    assert (
        form_values(fresh.form(id="feedback-form"))["token"]
        != form_values(page.form(id="feedback-form"))["token"]
    )


def test_a_refused_file_gives_a_clear_400_and_no_report(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    fake = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    response = send_form(citizen, page, files=[fake], description=TEXT)
    assert response.status_code == 400
    assert "The file “photo.jpg” cannot be accepted." in response.content.decode()
    assert Feedback.objects.count() == 0 and Attachment.objects.count() == 0


def test_too_many_files_give_400(place, settings):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    files = [photo(f"p{n}.jpg") for n in range(settings.UPLOAD_MAX_FILES + 1)]
    response = send_form(citizen, page, files=files, description=TEXT)
    assert response.status_code == 400
    assert f"You can attach at most {settings.UPLOAD_MAX_FILES} files." in response.content.decode()
    assert Feedback.objects.count() == 0


def test_photos_are_attached(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    assert _field(page, "attachments").attrs["accept"].startswith(".jpg,")
    assert "multiple" in _field(page, "attachments").attrs
    response = send_form(citizen, page, files=[photo(), photo("b.png")], description=TEXT)
    assert response.status_code == 303
    assert Attachment.objects.filter(feedback=Feedback.objects.get()).count() == 2


@pytest.mark.parametrize("param", ["office", "category", "commune"])
def test_a_tampered_post_gets_4xx_not_500(place, param):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    action = page.form(id="feedback-form").attrs["action"]
    bad = {"office": "999999", "category": "documents", "commune": "000000"}[param]
    current = {
        "office": str(place.commune_office.pk),
        "category": "slow-service",
        "commune": place.commune.code,
    }[param]
    response = citizen.post(action.replace(f"{param}={current}", f"{param}={bad}"), {"description": TEXT})
    assert 400 <= response.status_code < 500
    assert Feedback.objects.count() == 0


def test_contact_needs_consent_and_is_stored_encrypted_with_it(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "support", "resolve-problem", lang="en"))
    refused = send_form(citizen, page, description=TEXT, contact_phone="012 345 678")
    assert refused.status_code == 400
    assert "Tick this box" in refused.content.decode()
    accepted = send_form(citizen, page, description=TEXT, contact_phone="០១២ ៣៤៥ ៦៧៨", contact_consent="on")
    assert accepted.status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.contact_consent and b"012345678" not in bytes(feedback.contact_ciphertext or b"")


def test_the_profile_is_optional_and_stored_when_given(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "evaluation", "service-evaluation"))
    summary = [e.clean_text for e in find_all(page.elements, "summary")]
    assert any("ស្ថិតិ" in text for text in summary)  # "only for statistics"
    response = send_form(citizen, page, description=TEXT, gender="female", age_band="25_34", disability="no")
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert (feedback.gender, feedback.age_band, feedback.disability) == ("female", "25_34", "no")


def test_the_form_is_ready_for_drafts_the_recorder_and_the_service_worker(place):
    page = Citizen().get(form_url(place, "complaint", "slow-service"))
    form = page.form(id="feedback-form")
    assert form.attrs["data-receipt"] == "/km/receipt/"
    assert form.attrs["data-sw"] == "/km/sw.js" and form.attrs["data-sw-scope"] == "/km/"
    assert form.attrs["enctype"] == "multipart/form-data" and form.attrs["method"] == "post"
    assert len(form_values(form)["token"]) >= 40
    recorder = next(e for e in page.elements if "data-recorder" in e.attrs)
    assert "hidden" in recorder.attrs and recorder.attrs["data-input"] == "id_attachments"
    waiting = next(e for e in page.elements if e.attrs.get("id") == "offline-notice")
    assert "hidden" in waiting.attrs and waiting.attrs["role"] == "status"
    scripts = [s.attrs["src"] for s in find_all(page.elements, "script")]
    assert scripts == [
        "/static/ourvoice/js/htmx-2.0.11.min.js",
        "/static/ourvoice/js/queue.js",
        "/static/ourvoice/js/app.js",
        "/static/ourvoice/js/form.js",
        "/static/ourvoice/js/voice.js",
        "/static/ourvoice/js/files.js",
        "/static/ourvoice/js/preview.js",
    ]
    worker = Citizen().client.get("/km/sw.js").content.decode()
    assert all(src in worker for src in scripts)  # kept for offline use with the page


def _text_of(page, attr: str) -> str:
    return " ".join(e.clean_text for e in page.elements if attr in e.attrs)


def test_publication_consent_is_asked_next_to_a_preview_of_what_would_be_public(place):
    citizen = Citizen()
    sensitive = citizen.get(form_url(place, "complaint", "sexual-harassment", lang="en"))
    assert not [e for e in sensitive.elements if e.attrs.get("name") == "publication_consent"]
    evaluation = citizen.get(form_url(place, "evaluation", "service-evaluation", lang="en"))
    assert not [e for e in evaluation.elements if e.attrs.get("name") == "publication_consent"]
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    checkbox = _field(page, "publication_consent")
    assert checkbox.attrs["type"] == "checkbox" and "checked" not in checkbox.attrs  # off by default
    preview = _text_of(page, "data-preview")
    # Exactly the fields Open311 would show: topic, place, office handling it, date, status, words.
    for shown in ("Slow service or a missed deadline", "Sla Kram · Siem Reap · Siem Reap", "Sent on"):
        assert shown in preview
    assert "(what you write in the box “Tell us”)" in preview
    # Before the citizen says who it is about, both possible offices are named.
    assert _text_of(page, "data-preview-if").startswith(f"{place.commune_office.name_en}, or DO Siem Reap")
    assert send_form(citizen, page, description=TEXT).status_code == 303
    assert Feedback.objects.get().publication_consent is False
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    assert send_form(citizen, page, description=TEXT, publication_consent="on").status_code == 303
    assert Feedback.objects.latest("submitted_at").publication_consent is True


def test_after_a_correction_the_preview_shows_the_words_and_the_office_as_answered(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    response = send_form(
        citizen, page, description="The chief <b>shouts</b>.", about_office="yes", visit_date="x"
    )
    assert response.status_code == 400
    again = Page.of(page.url, response)
    assert "The chief <b>shouts</b>." in _text_of(again, "data-preview-text")  # as text, not markup
    shown = {e.clean_text for e in again.elements if "data-preview-if" in e.attrs and "hidden" not in e.attrs}
    assert shown == {"DO Siem Reap", "If you do not tick the box, nothing about this complaint is published."}


def test_the_routing_question_names_the_office_and_where_a_yes_goes(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "other-complaint", lang="en", office=place.owso))
    legend = next(e for e in page.elements if e.tag == "legend" and "someone who works there" in e.clean_text)
    assert legend.clean_text == "Is this complaint about OWSO Siem Reap or someone who works there?"
    help_text = next(e for e in page.elements if e.attrs.get("id") == "id_about_office_helptext").clean_text
    assert "DO Siem Reap" in help_text and "OWSO Siem Reap will not see it" in help_text
    # Unanswered: a clear message beside the question, and nothing typed is lost.
    response = send_form(citizen, page, description=TEXT, about_office="")
    assert response.status_code == 400
    again = Page.of(page.url, response)
    assert _error_for(again, "about_office") == (
        "Error: Say whether this complaint is about the office or someone who works there."
    )
    assert TEXT in again.html and not Feedback.objects.exists()
    assert send_form(citizen, again, about_office="yes").status_code == 303
    case = Feedback.objects.get().case
    assert (case.office, case.hidden_from) == (place.district_ombudsman, place.owso)


def test_a_topic_always_about_the_office_says_so_instead_of_asking(place):
    page = Citizen().get(form_url(place, "complaint", "unofficial-fee", lang="en"))
    assert not [e for e in page.elements if e.attrs.get("name") == "about_office"]
    notices = " ".join(e.clean_text for e in page.elements if "notice" in e.attrs.get("class", "").split())
    assert (
        "go to DO Siem Reap, which oversees Sla Kram office. Sla Kram office will not see yours." in notices
    )
    handling = _text_of(page, "data-preview").split("Office handling it")[1].split("Sent on")[0]
    assert "DO Siem Reap" in handling and "Sla Kram office" not in handling


@pytest.fixture
def clock():
    # Reports are counted per fixed hour: the test must not straddle the turn of one.
    with time_machine.travel(datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC), tick=False) as t:
        yield t


def test_the_form_sent_again_long_after_says_the_report_exists_and_never_shows_the_receipt(place, clock):
    """Issue 15: the page's token worked as an idempotency key that gave the receipt to anyone,
    at any time (a page left open, a draft sent again from a shared phone)."""
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    assert send_form(citizen, page, description=TEXT).status_code == 303
    citizen.get("/en/receipt/")  # shown once
    clock.shift(datetime.timedelta(hours=2))
    again = send_form(citizen, page, description=TEXT)
    assert again.status_code == 409
    html = again.content.decode()
    assert "This report was already received. Use the receipt you were given" in html
    assert TEXT in html  # what was typed is still there
    assert "web:receipt_once" not in citizen.client.session
    assert "receipt-card" not in citizen.get("/en/receipt/").html
    assert Feedback.objects.count() == 1
    # Whoever never saw that receipt sends the page again: a new report, with a new receipt.
    assert "press Send again" in html
    refused_page = Page.of(page.url, again)
    new_token = form_values(refused_page.form(id="feedback-form"))["token"]
    assert new_token != form_values(page.form(id="feedback-form"))["token"]
    assert send_form(citizen, refused_page).status_code == 303
    assert Feedback.objects.count() == 2


def test_too_many_reports_from_one_connection_get_429_and_keep_what_was_typed(place, clock, settings):
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 2
    citizen = Citizen()
    for _ in range(2):
        page = citizen.get(form_url(place, "complaint", "slow-service"))
        assert send_form(citizen, page, description=TEXT).status_code == 303
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    refused = send_form(citizen, page, description="ការរាយការណ៍ទីបី", files=[photo()])
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert "ការរាយការណ៍ទីបី" in html  # the text is kept
    assert "សូមរង់ចាំ" in html and "នាទី" in html  # in Khmer, with the wait in Khmer digits
    assert Feedback.objects.count() == 2 and not Attachment.objects.exists()
    other = Citizen(Client(REMOTE_ADDR="10.20.30.40"))
    assert (
        send_form(
            other, other.get(form_url(place, "complaint", "slow-service")), description=TEXT
        ).status_code
        == 303
    )
