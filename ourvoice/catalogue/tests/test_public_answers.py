"""Public answers: staff publish an information request, de-identified, from the case page;
citizens read it on the office page, the service page and before asking; the office head
withdraws it. Refused for other kinds, sensitive cases and staff who may not handle the case."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import re

import pytest

from ourvoice.accounts.models import Role
from ourvoice.cases.models import CaseEvent
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.catalogue.search import catalogue_search
from ourvoice.messaging.services import message_post_by_office
from ourvoice.web.tests.citizen import Citizen
from ourvoice.web.tests.pagetools import find_all

pytestmark = pytest.mark.django_db

ASKED = "ខ្ញុំឈ្មោះសុខា ទូរស័ព្ទ ០១២ ៣៤៥ ៦៧៨។ តើសំបុត្រកំណើតត្រូវបង់ថ្លៃប៉ុន្មាន?"
QUESTION = "តើសំបុត្រកំណើតត្រូវបង់ថ្លៃប៉ុន្មាន?"
ANSWER = "សំបុត្រកំណើតមិនគិតថ្លៃទេ ប្រសិនបើចុះបញ្ជីក្នុងរយៈពេល ៣០ ថ្ងៃ។"


def _url(case, action=""):
    return f"/en/staff/cases/{case.pk}/" + (f"{action}/" if action else "")


def _textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert match, name
    return match.group(1)


def _form(service_pk: object = "", **fields: str) -> dict[str, object]:
    return {
        "question": QUESTION,
        "answer": ANSWER,
        "language": "km",
        "service": service_pk,
        "reviewed": "on",
        **fields,
    }


@pytest.fixture
def asked(area, submit, staff):
    """An information request about fees at the commune office, answered by the office."""
    case = submit(ASKED, category="fees")
    clerk = staff(Role.OFFICE_STAFF, area.commune_office)
    message_post_by_office(
        case=case, author=clerk, body="វាមិនគិតថ្លៃទេ។ សួរខ្ញុំតាម sokha@example.org ឬ +855 97 123 4567"
    )
    return case, clerk


def test_staff_publish_a_reviewed_deidentified_answer_and_it_is_audited(area, asked):
    case, clerk = asked
    client = client_for(clerk)
    page = client.get(_url(case)).content.decode()
    assert "Publish as a public answer" in page and "remove names, phone numbers" in page
    question, answer = _textarea(page, "question"), _textarea(page, "answer")
    assert "០១២ ៣៤៥ ៦៧៨" not in question and "[…]" in question and "សំបុត្រកំណើត" in question
    assert "sokha@example.org" not in answer and "4567" not in answer and answer.count("[…]") == 2
    birth = _service("birth-certificate")

    # A phone number typed back in (Khmer digits too), or no confirmation: refused, nothing lost.
    response = client.post(_url(case, "publish"), _form(birth.pk, answer=ANSWER + " ហៅ ០៩៧ ១២៣ ៤៥៦៧"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Remove the phone number, e-mail address or Telegram name before publishing" in html
    assert ANSWER in _textarea(html, "answer")
    assert client.post(_url(case, "publish"), _form(birth.pk, reviewed="")).status_code == 400
    response = client.post(_url(case, "publish"), _form(_service("business-permit").pk))  # an OWSO's
    assert response.status_code == 400
    assert not PublicAnswer.objects.exists()

    assert client.post(_url(case, "publish"), _form(birth.pk)).status_code == 302
    published = PublicAnswer.objects.get()
    assert (published.office, published.service) == (area.commune_office, birth)
    assert published.topic is not None and published.topic.code == "fees"
    assert (published.question, published.answer, published.published_by) == (QUESTION, ANSWER, clerk)
    event = case.events.get(type=CaseEvent.Type.NOTE, reason__contains="public answer")
    assert not event.public and event.actor == clerk and str(published.pk) in event.reason
    page = client.get(_url(case)).content.decode()
    assert "Published as public answer no." in page and 'name="reviewed"' not in page
    # A second one while the first is live: refused.
    assert client.post(_url(case, "publish"), _form()).status_code == 404
    assert PublicAnswer.objects.count() == 1


def test_citizens_read_it_on_the_office_page_the_service_page_and_before_asking(area, asked):
    case, clerk = asked
    client_for(clerk).post(_url(case, "publish"), _form(_service("birth-certificate").pk))
    office_page = Citizen().get(f"/km/o/{area.commune_office.pk}/")
    section = next(e for e in office_page.elements if e.attrs.get("id") == "answers-title").parent
    assert section is not None
    assert QUESTION in section.clean_text and ANSWER in section.clean_text
    [summary] = [e for e in find_all(office_page.elements, "summary") if section in e.ancestors()]
    assert summary.attrs.get("lang") == "km" and summary.clean_text == QUESTION
    # Nothing leads to the case: no receipt part, no case number, no staff address, no staff name.
    for secret in (
        case.feedback.locator,
        case.feedback.reference,
        f"/staff/cases/{case.pk}",
        clerk.username,
        "សុខា",
    ):
        assert secret not in office_page.html
    service_page = Citizen().get("/en/services/birth-certificate/")
    assert service_page.status == 200 and QUESTION in service_page.text()
    assert service_page.link_to(f"/en/o/{area.commune_office.pk}/")

    def before_asking(office, step: str, category: str = "") -> str:
        params = f"office={office.pk}" + (f"&category={category}" if category else "")
        page = Citizen().get(f"/en/submit/information/{step}/?{params}")
        assert page.status == 200
        return page.html

    assert QUESTION in before_asking(area.commune_office, "topic")
    assert QUESTION in before_asking(area.commune_office, "form", "fees")
    assert QUESTION not in before_asking(area.commune_office, "form", "processing-time")  # another topic
    # Another commune office provides the same service: its citizens see the answer too; an OWSO does not.
    assert QUESTION in before_asking(area.other_commune_office, "form", "fees")
    assert QUESTION not in before_asking(area.owso, "topic")
    # Complaints are not questions: nothing shown there.
    complaint = Citizen().get(f"/en/submit/complaint/topic/?office={area.commune_office.pk}")
    assert QUESTION not in complaint.html


def _service(code: str) -> Service:
    return Service.objects.get(code=code)


def test_only_information_requests_never_sensitive_only_their_handlers(area, submit, staff, asked):
    case, clerk = asked
    complaint = submit(category="slow-service")
    clerk_client = client_for(clerk)
    assert "Publish as a public answer" not in clerk_client.get(_url(complaint)).content.decode()
    assert clerk_client.post(_url(complaint, "publish"), _form()).status_code == 404
    sensitive = submit("harassment", category="sexual-harassment")
    focal = client_for(staff(Role.OMBUDSMAN, area.provincial_ombudsman, is_focal_point=True))
    assert focal.get(_url(sensitive)).status_code == 200
    assert focal.post(_url(sensitive, "publish"), _form()).status_code == 404
    # Staff of another office cannot see the case; the ombudsman above only oversees it.
    assert (
        client_for(staff(Role.OFFICE_STAFF, area.other_commune_office))
        .post(_url(case, "publish"), _form())
        .status_code
        == 404
    )
    overseer = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))
    assert overseer.get(_url(case)).status_code == 200
    assert overseer.post(_url(case, "publish"), _form()).status_code == 404
    assert not PublicAnswer.objects.exists()


def test_the_office_head_withdraws_it_from_every_page_and_search(area, staff, asked):
    case, clerk = asked
    clerk_client = client_for(clerk)
    clerk_client.post(_url(case, "publish"), _form(_service("birth-certificate").pk))
    assert catalogue_search(query="មិនគិតថ្លៃ").answers
    assert "Withdraw the public answer" not in clerk_client.get(_url(case)).content.decode()
    assert clerk_client.post(_url(case, "withdraw"), {}).status_code == 404  # staff, not the head
    head = staff(Role.OFFICE_HEAD, area.commune_office)
    head_client = client_for(head)
    assert "Withdraw the public answer" in head_client.get(_url(case)).content.decode()
    assert head_client.post(_url(case, "withdraw"), {}).status_code == 302
    answer = PublicAnswer.objects.get()
    assert answer.withdrawn_by == head and answer.withdrawn_at is not None
    assert case.events.filter(reason__contains="withdrawn", public=False, actor=head).exists()
    assert QUESTION not in Citizen().get(f"/km/o/{area.commune_office.pk}/").html
    assert QUESTION not in Citizen().get("/km/services/birth-certificate/").html
    assert not catalogue_search(query="មិនគិតថ្លៃ").answers
    # Withdrawn, it may be published again (rewritten).
    assert clerk_client.post(_url(case, "publish"), _form(answer="ឥតគិតថ្លៃ។")).status_code == 302
    assert PublicAnswer.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_a_system_administrator_withdraws_in_the_admin_and_cannot_edit(area, asked, verified_admin_client):
    case, clerk = asked
    client_for(clerk).post(_url(case, "publish"), _form())
    answer = PublicAnswer.objects.get()
    url = "/en/admin/catalogue/publicanswer/"
    assert QUESTION in verified_admin_client.get(url).content.decode()
    page = verified_admin_client.get(f"{url}{answer.pk}/change/").content.decode()
    assert 'name="question"' not in page  # read only: staff publish, administrators only withdraw
    response = verified_admin_client.post(url, {"action": "withdraw", "_selected_action": [answer.pk]})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.withdrawn_at is not None and answer.withdrawn_by is not None
    assert case.events.filter(reason__contains="withdrawn", public=False).exists()
