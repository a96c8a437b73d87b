"""Search across services and public answers, in Khmer and English, on SQLite (FTS5) and
PostgreSQL (tsvector + trigram): look-alike Khmer spellings meet, withdrawn answers are gone."""

import pytest
from django.utils import timezone

from ourvoice.accounts.models import User
from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.catalogue.search import answer_search_index, catalogue_search
from ourvoice.feedback.models import Category, Kind
from ourvoice.feedback.services import feedback_submit
from ourvoice.web.tests.citizen import Citizen

pytestmark = pytest.mark.django_db

ZWSP = "\u200b"


@pytest.fixture
def answer(area, make_input) -> PublicAnswer:
    """A published answer (as ``public_answer_publish`` stores it) about the birth certificate."""
    case = feedback_submit(data=make_input(Kind.INFORMATION, "processing-time")).case
    published = PublicAnswer.objects.create(
        office=area.commune_office,
        service=Service.objects.get(code="birth-certificate"),
        topic=Category.objects.get(code="processing-time"),
        language="km",
        question="តើការចុះសំបុត្រកំណើតត្រូវការរយៈពេលប៉ុន្មាន?",
        answer="ប្រហែលមួយសប្ដាហ៍ ក្រោយពេលដាក់ឯកសារគ្រប់គ្រាន់។ Usually one week.",
        case=case,
        published_by=User.objects.create_user(username="clerk", password="x" * 16),
        published_at=timezone.now(),
    )
    answer_search_index(answer=published)
    return published


def _codes(query: str) -> list[str]:
    return [service.code for service in catalogue_search(query=query).services]


def test_khmer_service_names_found_however_they_are_typed():
    assert _codes("សំបុត្រកំណើត")[0] == "birth-certificate"
    assert _codes(f"សំបុត្រ{ZWSP}កំណើត")[0] == "birth-certificate"  # a zero-width space inside
    # The name is stored with coeng DA (្ដ); typed with coeng TA (្ត) it is found all the same.
    assert "សេចក្ដី" in Service.objects.get(code="civil-registration-copy").name_km
    assert "civil-registration-copy" in _codes("សេចក្តីចម្លង")
    assert "civil-registration-copy" in _codes("សេចក្ដីចម្លង")
    assert "death-certificate" in _codes("មរណភាព")  # part of a word: the substring fallback


def test_english_queries_and_ranking():
    found = _codes("Birth certificate")
    assert found[0] == "birth-certificate" and "business-permit" not in found
    assert "small-construction-permit" in _codes("building plans")  # a required document
    assert _codes("PERMIT")[:2] and set(_codes("permit")) >= {"business-permit", "small-construction-permit"}
    assert _codes("zzzz-nothing") == [] and _codes("!!! ។") == []


def test_a_service_edited_in_the_admin_is_found_by_its_new_words():
    service = Service.objects.get(code="transport-services")
    service.description_en = "Driving licences and vehicle registration"
    service.save()
    assert _codes("vehicle registration") == ["transport-services"]
    service.is_active = False
    service.save()
    assert _codes("vehicle registration") == []


def test_public_answers_in_khmer_and_english_until_withdrawn(answer):
    assert catalogue_search(query="សប្តាហ៍").answers == [answer]  # stored as សប្ដាហ៍ (coeng DA)
    assert catalogue_search(query="ឯកសារគ្រប់គ្រាន់").answers == [answer]
    assert catalogue_search(query="one week").answers == [answer]
    assert catalogue_search(query="birth certificate").answers == [answer]  # its service's name
    answer.withdrawn_at = timezone.now()
    answer.save(update_fields=["withdrawn_at"])
    assert catalogue_search(query="one week").answers == []


def test_the_search_page_without_javascript(area, answer):
    page = Citizen().get("/km/services/", {"q": "សំបុត្រ\u200bកំណើត"})
    assert page.status == 200
    birth = next(e for e in page.elements if e.attrs.get("id") == "service-birth-certificate")
    assert "តម្លៃសេវាមិនទាន់បានផ្សព្វផ្សាយ" in birth.clean_text or "ថ្លៃ" in birth.clean_text
    assert "អត្តសញ្ញាណប័ណ្ណរបស់ឪពុកម្ដាយ" in birth.clean_text  # its documents
    assert page.link_to("/km/services/birth-certificate/")
    assert answer.question in page.text() and page.link_to(f"/km/o/{area.commune_office.pk}/")
    english = Citizen().get("/en/services/", {"q": "one week"})
    assert answer.question in english.text() and "Sla Kram office" in english.text()
    nothing = Citizen().get("/en/services/", {"q": "zzzz"})
    assert nothing.status == 200 and "Nothing was found" in nothing.text()
    listing = Citizen().get("/en/services/")
    assert listing.link_to("/en/services/death-certificate/") and "Commune/Sangkat office" in listing.text()
    assert Citizen().get("/en/services/", {"q": "ក" * 5000}).status == 200  # cut, never a 500
    assert Citizen().get("/en/services/no-such-service/").status == 404


def test_the_service_page_has_fee_time_documents_offices_and_answers(answer):
    page = Citizen().get("/en/services/birth-certificate/")
    text = page.text()
    assert "Birth certificate" in text and "Fee not yet published" in text and "Not yet published" in text
    assert "Identity cards of the parents" in text and "Commune/Sangkat office" in text
    assert answer.question in text
    assert page.link_to("/en/submit/information/")
