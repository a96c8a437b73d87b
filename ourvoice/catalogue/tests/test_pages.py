"""The office page lists the office's services with fee, time and documents; the fee form offers
the office's catalogue and records the overcharge above a published fee."""

import pytest

from ourvoice.catalogue.models import Service
from ourvoice.feedback.models import Feedback
from ourvoice.web.tests.citizen import Citizen, form_url, send_form
from ourvoice.web.tests.pagetools import find_all

TEXT = "ខ្ញុំត្រូវបានគេទារប្រាក់លើសថ្លៃសេវា។"


@pytest.fixture
def priced(db: None) -> Service:
    """A service with a fee and a deadline, as an administrator enters them with their source."""
    service = Service.objects.get(code="birth-certificate")
    service.official_fee_riel = 4000
    service.processing_days = 3
    service.source = "Test: the office's published fee table"
    service.fee_note_km = service.fee_note_en = ""
    service.full_clean()
    service.save()
    return service


def _option_labels(page, name: str) -> dict[str, str]:
    select = next(e for e in find_all(page.elements, "select") if e.attrs.get("name") == name)
    return {
        option.attrs.get("value", ""): option.clean_text for option in find_all(select.children, "option")
    }


@pytest.mark.usefixtures("priced")
def test_the_office_page_shows_contacts_services_fees_times_and_documents_in_khmer(area):
    office = area.commune_office
    office.address_km, office.opening_hours_km, office.phone = "ផ្លូវ ៦", "ច័ន្ទ-សុក្រ ៧:៣០-១៧:០០", "012 345 678"
    office.save()
    page = Citizen().get(f"/km/o/{office.pk}/")
    assert page.status == 200
    text = page.text()
    assert "ផ្លូវ ៦" in text and "ច័ន្ទ-សុក្រ" in text and "០១២ ៣៤៥ ៦៧៨" in text
    headings = [e.clean_text for e in find_all(page.elements, "h3")]
    assert "សំបុត្រកំណើត" in headings and "សំបុត្រមរណភាព" in headings
    assert "លិខិតអនុញ្ញាតប្រកបអាជីវកម្ម" not in headings  # an OWSO service
    birth = next(e for e in page.elements if e.attrs.get("id") == "service-birth-certificate")
    assert "៤,០០០ ៛" in birth.clean_text and "៣" in birth.clean_text
    items = [li.clean_text for li in find_all(page.elements, "li") if birth in li.ancestors()]
    assert "អត្តសញ្ញាណប័ណ្ណរបស់ឪពុកម្ដាយ" in items
    death = next(e for e in page.elements if e.attrs.get("id") == "service-death-certificate")
    assert "Fee not yet published" not in death.clean_text  # translated
    # The ways to give feedback about this office: the link leads to the topics, then the form.
    citizen = Citizen()
    topics = citizen.follow(page.link_to(f"/km/o/{office.pk}/evaluation/"))
    assert topics.status == 200 and "/km/submit/evaluation/topic/" in citizen.addresses[-1]
    form = citizen.submit_get(topics, topics.form(method="get"), category="service-evaluation")
    assert form.status == 200 and form.form(id="feedback-form")


@pytest.mark.usefixtures("priced")
def test_the_office_page_in_english_says_fee_not_yet_published(area):
    page = Citizen().get(f"/en/o/{area.commune_office.pk}/")
    birth = next(e for e in page.elements if e.attrs.get("id") == "service-birth-certificate")
    death = next(e for e in page.elements if e.attrs.get("id") == "service-death-certificate")
    assert "KHR 4,000" in birth.clean_text and "3 working days" in birth.clean_text
    assert "Fee not yet published" in death.clean_text and "Not yet published" in death.clean_text
    owso = Citizen().get(f"/en/o/{area.owso.pk}/")
    assert "Business and commerce permits" in owso.text() and "Birth certificate" not in owso.text()


@pytest.mark.usefixtures("priced")
def test_an_evaluation_paying_more_than_the_official_fee_records_the_overcharge(area):
    citizen = Citizen()
    page = citizen.get(form_url(area, "evaluation", "service-evaluation", lang="en"))
    options = _option_labels(page, "service")
    assert options["birth-certificate"] == "Birth certificate – KHR 4,000"
    assert options["death-certificate"] == "Death certificate – fee not yet published"
    assert "other" in options and "business-permit" not in options
    response = send_form(
        citizen, page, description=TEXT, service="birth-certificate", amount_paid="20,000", receipt_given="no"
    )
    assert response.status_code == 303, response.content.decode()[:2000]
    feedback = Feedback.objects.get()
    assert (getattr(feedback.service, "code", None), feedback.service_name, feedback.official_fee) == (
        "birth-certificate",
        "",
        4000,
    )
    assert (feedback.amount_paid, feedback.overcharge, feedback.receipt_given) == (20000, 16000, False)


@pytest.mark.usefixtures("priced")
def test_the_published_fee_wins_over_a_typed_one_and_an_unlisted_service_keeps_what_was_typed(area):
    citizen = Citizen()
    page = citizen.get(form_url(area, "complaint", "unofficial-fee"))
    send_form(
        citizen, page, description=TEXT, service="birth-certificate", official_fee="1000", amount_paid="5000"
    )
    send_form(
        Citizen(),
        Citizen().get(form_url(area, "complaint", "unofficial-fee")),
        description=TEXT,
        service="other",
        service_name="ការចុះបញ្ជីដី",
        official_fee="៥,០០០",
        amount_paid="៨,០០០",
    )
    send_form(
        Citizen(),
        Citizen().get(form_url(area, "complaint", "unofficial-fee")),
        description=TEXT,
        service="death-certificate",
        official_fee="2000",
        amount_paid="3000",
    )
    rows = list(
        Feedback.objects.order_by("id").values_list(
            "service__code", "service_name", "official_fee", "overcharge"
        )
    )
    assert rows == [
        ("birth-certificate", "", 4000, 1000),
        (None, "ការចុះបញ្ជីដី", 5000, 3000),
        ("death-certificate", "", 2000, 1000),
    ]


def test_a_service_not_of_the_office_is_refused(area):
    citizen = Citizen()
    page = citizen.get(form_url(area, "complaint", "unofficial-fee", lang="en"))
    response = send_form(citizen, page, description=TEXT, service="business-permit", amount_paid="5000")
    assert response.status_code == 400 and not Feedback.objects.exists()
    # A topic without fee questions has no service list.
    plain = citizen.get(form_url(area, "complaint", "slow-service", lang="en"))
    assert not [e for e in find_all(plain.elements, "select") if e.attrs.get("name") == "service"]
