"""POST /api/v1/track/contact/withdraw/: the citizen withdraws their contact details with the receipt
(SECURITY.md C5); the opt-ins to updates of the case go too; the case records it without details."""

from ourvoice.api.tests.helpers import case_of, in_khmer, report_data
from ourvoice.cases.models import CaseEvent
from ourvoice.channels.common.models import Subscription
from ourvoice.channels.common.services import subscription_create
from ourvoice.feedback.models import Feedback

WITHDRAW = "/api/v1/track/contact/withdraw/"
PHONE = "012 345 678"


def _with_contact(api, area) -> dict:
    data = report_data(area, contact_consent=True, contact_phone=PHONE, contact_telegram="@sokha_pp")
    response = api.post("/api/v1/feedback/", data, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_the_citizen_withdraws_contact_and_opt_ins_once(api, area):
    submitted = _with_contact(api, area)
    case = case_of(submitted)
    subscription_create(case=case, channel="telegram", address="5550123987", language="km")
    assert api.post("/api/v1/track/", {"receipt": submitted["receipt"]}, format="json").json()["contact_kept"]

    response = api.post(WITHDRAW, {"receipt": submitted["receipt"]}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "withdrawn": True,
        "detail": "Your contact details were removed. The office can no longer contact you, "
        "and no updates will be sent.",
    }
    feedback = Feedback.objects.get(pk=case.feedback_id)
    assert feedback.contact_ciphertext is None and not feedback.contact_consent
    assert feedback.contact_withdrawn_at is not None
    assert not Subscription.objects.filter(case=case).exists()
    [note] = case.events.filter(type=CaseEvent.Type.NOTE)
    assert not note.public and "012" not in note.reason and "sokha" not in note.reason
    assert feedback.description  # the report itself stays
    tracked = api.post("/api/v1/track/", {"receipt": submitted["receipt"]}, format="json").json()
    assert (tracked["contact_kept"], tracked["content_removed"]) == (False, False)

    again = api.post(WITHDRAW, {"receipt": submitted["receipt"]}, format="json", HTTP_ACCEPT_LANGUAGE="km")
    nothing = in_khmer("No contact details are kept for this case.")
    assert again.json() == {"withdrawn": False, "detail": nothing}
    assert case.events.filter(type=CaseEvent.Type.NOTE).count() == 1


def test_a_wrong_receipt_or_a_receipt_in_the_address_withdraws_nothing(api, area):
    submitted = _with_contact(api, area)
    wrong = submitted["receipt"].replace(" ", "")[:8] + "000000000000"
    assert api.post(WITHDRAW, {"receipt": wrong}, format="json").status_code == 404
    assert api.post(f"{WITHDRAW}?receipt={wrong}", {"receipt": wrong}, format="json").status_code == 400
    assert api.get(WITHDRAW).status_code == 405
    assert api.post(WITHDRAW, {}, format="json").status_code == 400
    assert Feedback.objects.get().contact_consent
