"""Issue 4's flow through the pages people use: a citizen submits on the web, the commune office
acknowledges and asks a question, the citizen answers, the office resolves and closes, the
citizen rates 1, and the District Ombudsman takes the appeal with the whole history."""

import re

from django.test import Client

from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401 - fixture
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.messaging.models import Message

RECEIPT = re.compile(r'name="receipt" value="(\d{20})"')


def _citizen_submits(area) -> tuple[Client, str]:
    citizen = Client()
    office, commune = area.commune_office, area.commune
    url = f"/km/submit/complaint/form/?commune={commune.code}&office={office.pk}&category=slow-service"
    token = re.search(r'name="token" value="([^"]+)"', citizen.get(url).content.decode()).group(1)
    page = citizen.post(
        url, {"description": "សំបុត្រកំណើតយឺតណាស់", "about_office": "no", "token": token}, follow=True
    )
    return citizen, RECEIPT.search(page.content.decode()).group(1)


def _act(client: Client, case: Case, action: str, **data: str) -> None:
    response = client.post(f"/km/staff/cases/{case.pk}/{action}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_submit_route_handle_dialogue_close_rate_and_appeal(area, staff):  # noqa: F811
    citizen, receipt = _citizen_submits(area)
    case = Case.objects.get(feedback__locator=receipt[:8])
    assert case.office == area.commune_office

    clerk = client_for(staff("office_staff", area.commune_office))
    inbox = clerk.get("/km/staff/cases/").content.decode()
    assert case.feedback.reference in inbox  # the staff reference, never any digit of the receipt
    assert to_khmer_digits(case.feedback.locator) not in inbox and case.feedback.locator not in inbox

    _act(clerk, case, "status", to_status=Status.ACKNOWLEDGED, reason="")
    _act(clerk, case, "message", body="តើអ្នកបានដាក់ពាក្យនៅថ្ងៃណា?", ask_citizen="on")
    case.refresh_from_db()
    assert case.status == Status.WAITING

    assert citizen.post("/km/track/", {"receipt": receipt}).status_code == 303
    page = citizen.get("/km/track/case/").content.decode()
    assert "តើអ្នកបានដាក់ពាក្យនៅថ្ងៃណា?" in page
    assert citizen.post("/km/track/case/reply/", {"body": "ថ្ងៃទី៣ ខែមីនា"}).status_code == 303
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert Message.objects.filter(case=case, sender=Message.Sender.CITIZEN, body="ថ្ងៃទី៣ ខែមីនា").exists()

    _act(clerk, case, "status", to_status=Status.RESOLVED, reason="")
    _act(clerk, case, "status", to_status=Status.CLOSED, reason="")
    assert citizen.post("/km/track/case/rate/", {"score": "1"}).status_code == 303

    case.refresh_from_db()
    assert (case.office, case.level, case.status) == (area.district_ombudsman, 1, Status.RECEIVED)
    assert clerk.get(f"/km/staff/cases/{case.pk}/").status_code == 404  # no longer the clerk's case

    ombudsman = client_for(staff("ombudsman", area.district_ombudsman))
    detail = ombudsman.get(f"/km/staff/cases/{case.pk}/")
    assert detail.status_code == 200
    assert "ថ្ងៃទី៣ ខែមីនា" in detail.content.decode()  # the history came along
    _act(ombudsman, case, "status", to_status=Status.ACKNOWLEDGED, reason="")
    types = list(case.events.values_list("type", flat=True))
    assert types.count(CaseEvent.Type.APPEALED) == 1
    assert types.index(CaseEvent.Type.APPEALED) > types.index(CaseEvent.Type.RATED)
