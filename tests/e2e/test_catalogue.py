"""Issue 5 in a 360-px phone browser with axe-core: the service search (Khmer and English) and an
office page with a public answer opened, then the information form showing it before asking."""

import pytest
from django.utils import timezone

from ourvoice.accounts.models import User
from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.catalogue.search import answer_search_index
from ourvoice.feedback.models import Category, Kind
from ourvoice.feedback.services import feedback_submit
from tests.e2e.conftest import assert_page_is_accessible_and_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "តើសំបុត្រកំណើតត្រូវបង់ថ្លៃប៉ុន្មាន?"


@pytest.fixture
def catalogue(area, starter_categories, make_input):
    """Transactional tests flush the starter services (after the first test): one priced service
    and one public answer."""
    birth, _created = Service.objects.update_or_create(
        code="birth-certificate",
        defaults=dict(
            name_km="សំបុត្រកំណើត",
            name_en="Birth certificate",
            office_types=["commune"],
            official_fee_riel=4000,
            processing_days=3,
            source="Test fee table",
            required_documents_km="អត្តសញ្ញាណប័ណ្ណរបស់ឪពុកម្ដាយ\nសៀវភៅគ្រួសារ",
            required_documents_en="Identity cards of the parents\nFamily book",
        ),
    )
    case = feedback_submit(data=make_input(Kind.INFORMATION, "fees")).case
    answer = PublicAnswer.objects.create(
        office=area.commune_office,
        service=birth,
        topic=Category.objects.get(code="fees"),
        language="km",
        question=QUESTION,
        answer="តម្លៃសេវាផ្លូវការគឺ ៤,០០០ រៀល ហើយត្រូវមានបង្កាន់ដៃ។",
        case=case,
        published_by=User.objects.create_user(username="clerk", password="x" * 16),
        published_at=timezone.now(),
    )
    answer_search_index(answer=answer)
    return answer


def test_service_search_and_an_office_page_with_public_answers(phone, live_server, area, catalogue):
    base = live_server.url
    check = lambda: assert_page_is_accessible_and_local(phone, base)  # noqa: E731

    phone.goto(f"{base}/km/services/")
    check()
    phone.fill("#services-q", "សំបុត្រ\u200bកំណើត")  # with a zero-width space, as some keyboards type
    phone.locator("form.search button[type=submit]").click()
    phone.wait_for_url("**/km/services/?q=**")
    assert "៤,០០០" in phone.locator("#service-birth-certificate").inner_text()
    assert QUESTION in phone.locator("#found-answers").locator("xpath=..").inner_text()
    check()

    phone.goto(f"{base}/en/services/?q=birth+certificate")
    assert "KHR" in phone.locator("#service-birth-certificate").inner_text()
    check()

    phone.goto(f"{base}/km/o/{area.commune_office.pk}/")
    summary = phone.locator(f"#answer-{catalogue.pk} summary")
    summary.click()  # open the answer
    assert phone.locator(f"#answer-{catalogue.pk} .answer__body").is_visible()
    check()

    phone.goto(f"{base}/km/submit/information/form/?office={area.commune_office.pk}&category=fees")
    assert QUESTION in phone.locator("#before-asking-title").locator("xpath=..").inner_text()
    check()
