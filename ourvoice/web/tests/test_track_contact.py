"""Withdrawing contact details on the tracking page (SECURITY.md C5): a button, the receipt only
in the POST that opened the case, the opt-ins gone too, and staff no longer see the contact."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest
from django.utils import translation

from ourvoice.accounts.models import Role
from ourvoice.cases.models import CaseEvent
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.channels.common.models import Subscription
from ourvoice.channels.common.services import subscription_create
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.services import feedback_submit
from ourvoice.web.tests.citizen import Citizen

WITHDRAW = "/{lang}/track/case/contact/withdraw/"


@pytest.fixture
def submission(place, make_input):
    data = make_input(contact_consent=True, contact_phone="012 345 678", contact_telegram="@sokha_pp")
    return feedback_submit(data=data)


def _tracking(submission, lang: str = "km") -> Citizen:
    citizen = Citizen()
    assert citizen.post(f"/{lang}/track/", {"receipt": submission.receipt.grouped()}).status_code == 303
    return citizen


@pytest.mark.parametrize("lang", ["km", "en"])
def test_the_citizen_removes_their_contact_details_with_one_button(submission, area, staff, lang):
    case = submission.case
    subscription_create(case=case, channel="sms", address="+85512345678", language="km")
    head = client_for(staff(Role.OFFICE_HEAD, area.commune_office))  # a role that may see contacts
    assert "Show contact details" in head.get(f"/en/staff/cases/{case.pk}/").content.decode()
    citizen = _tracking(submission, lang)
    page = citizen.get(f"/{lang}/track/case/")
    with translation.override(lang):
        button = translation.gettext("Remove my contact details")
        done = translation.gettext(
            "Your contact details were removed. The office can no longer contact you, "
            "and no updates will be sent."
        )
        none_kept = translation.gettext("No contact details are kept for this case.")
    assert button in page.html and f'action="{WITHDRAW.format(lang=lang)}"' in page.html

    response = citizen.post(WITHDRAW.format(lang=lang), {})
    assert response.status_code == 303 and response["Location"] == f"/{lang}/track/case/"
    page = citizen.get(f"/{lang}/track/case/")
    assert done in page.html and button not in page.html and none_kept in page.html
    feedback = Feedback.objects.get(pk=case.feedback_id)
    assert feedback.contact_ciphertext is None and not feedback.contact_consent
    assert not Subscription.objects.filter(case=case).exists()
    [note] = case.events.filter(type=CaseEvent.Type.NOTE)
    assert "012" not in note.reason and "sokha" not in note.reason and not note.public
    # Every address the citizen's browser saw is free of the receipt (A2).
    assert all(submission.receipt.digits not in address for address in citizen.addresses)

    staff_page = head.get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert "Show contact details" not in staff_page
    assert "The citizen withdrew their contact details on" in staff_page
    revealed = head.post(f"/en/staff/cases/{case.pk}/contact/").content.decode()
    assert "012 345 678" not in revealed and "sokha_pp" not in revealed


def test_without_an_open_case_the_button_leads_back_to_the_receipt_form(submission):
    from django.test import Client

    response = Client().post(WITHDRAW.format(lang="en"), {})
    assert response.status_code == 303 and response["Location"] == "/en/track/"
    reloaded = Client().get(WITHDRAW.format(lang="en"))  # a GET changes nothing: it goes to the case page
    assert reloaded.status_code == 302 and reloaded["Location"] == "/en/track/case/#contact-title"
    assert Feedback.objects.get().contact_consent


def test_a_case_without_contact_says_so_and_shows_no_button(place, make_input):
    submission = feedback_submit(data=make_input())
    page = _tracking(submission, "en").get("/en/track/case/")
    assert "No contact details are kept for this case." in page.html
    assert "Remove my contact details" not in page.html
