"""Staff-entered intake through the pages staff use (issue 4, point 6)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from ourvoice.accounts.models import Role
from ourvoice.cases.access import cases_visible_to
from ourvoice.cases.models import CaseEvent
from ourvoice.cases.tests.staff import client_for
from ourvoice.channels.staff.services import STAFF_CHANNELS
from ourvoice.channels.staff.tests.conftest import DONE, NEW, SLIP, form_data
from ourvoice.feedback.models import Feedback

pytestmark = pytest.mark.django_db


def test_topic_step_then_form(clerk_client):
    page = clerk_client.get(NEW)
    assert page.status_code == 200
    assert 'name="category"' in page.content.decode()
    form = clerk_client.get(NEW, {"kind": "support", "category": "obtain-service"})
    html = form.content.decode()
    assert form.status_code == 200
    assert 'name="q_service_wanted"' in html  # the topic's guided question
    assert 'value="paper"' in html and 'value="web"' not in html and 'name="attachments"' not in html
    assert 'name="token"' in html


def test_topic_of_another_kind_is_refused(clerk_client):
    page = clerk_client.get(NEW, {"kind": "information", "category": "slow-service"})
    assert page.status_code == 400
    assert "This topic is not of the chosen kind." in page.content.decode()


@pytest.mark.parametrize("channel", [str(c) for c in STAFF_CHANNELS])
def test_each_channel_makes_a_report_and_a_case(area, clerk, clerk_client, channel):
    response = clerk_client.post(NEW, form_data(channel=channel, token=f"{channel:x<40}"))
    assert response.status_code == 303 and response["Location"] == DONE
    feedback = Feedback.objects.get()
    assert feedback.channel == channel
    assert feedback.office == area.commune_office and feedback.commune == area.commune
    case = feedback.case
    assert case.office == area.commune_office
    entered = case.events.get(type=CaseEvent.Type.NOTE)
    assert entered.actor == clerk and entered.public is False
    # The report itself carries nothing about who typed it.
    assert not any(
        getattr(feedback, f.attname, None) == clerk.pk
        for f in Feedback._meta.concrete_fields
        if f.is_relation and f.related_model is type(clerk)
    )


def test_web_and_unknown_channels_are_refused(clerk_client):
    for channel in ("web", "telegram", "carrier-pigeon", None):
        response = clerk_client.post(NEW, form_data(channel=channel))
        assert response.status_code == 400
        assert "Choose how the report reached the office." in response.content.decode()
    assert not Feedback.objects.exists()


def test_validation_errors_answer_400_with_messages_and_keep_the_input(clerk_client):
    response = clerk_client.post(
        NEW,
        form_data(
            kind="support",
            category="obtain-service",
            description="",
            visit_date="2999-01-01",
            commune="171002",
            gender="female",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write what the citizen reported." in html
    assert "Please answer this question." in html  # the required guided question
    assert "Choose a commune served by your office." in html  # the other commune's office
    assert (
        'value="female" checked' in html
        or 'checked value="female"' in html
        or ('value="female"' in html and "checked" in html)
    )
    assert 'value="paper" checked' in html or ('value="paper"' in html and "checked" in html)
    assert not Feedback.objects.exists()


def test_service_errors_land_beside_their_field(clerk_client):
    response = clerk_client.post(NEW, form_data(visit_date="2999-01-01"))
    assert response.status_code == 400
    assert "The date of the visit cannot be in the future." in response.content.decode()
    kept = response.content.decode()  # the date, as day, month and year lists, keeps what was typed
    assert '<option value="2999" selected>' in kept and '<option value="1" selected>' in kept


def test_double_submit_makes_one_report(clerk_client):
    first = clerk_client.post(NEW, form_data())
    second = clerk_client.post(NEW, form_data())
    assert first.status_code == second.status_code == 303
    assert Feedback.objects.count() == 1
    assert CaseEvent.objects.filter(type=CaseEvent.Type.NOTE).count() == 1


def test_a_form_sent_again_long_after_is_refused_without_the_receipt(clerk_client):
    """Issue 15: the receipt is shown once; a form posted again after the retry window does not
    show it."""
    now = datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        assert clerk_client.post(NEW, form_data()).status_code == 303
        clerk_client.get(DONE)
    with time_machine.travel(now + datetime.timedelta(minutes=20), tick=False):  # still signed in
        again = clerk_client.post(NEW, form_data())
    assert again.status_code == 409
    assert "This report was already entered" in again.content.decode()
    assert Feedback.objects.count() == 1
    assert not re.search(r"\d{4} \d{4} \d{4} \d{4} \d{4}", clerk_client.get(DONE).content.decode())


def test_fees_and_scores_and_profile_are_kept(clerk_client):
    clerk_client.post(
        NEW,
        form_data(
            category="unofficial-fee",
            official_fee="៥ ០០០",
            amount_paid="20,000",
            receipt_given="no",
            age_band="",
            gender="male",
        ),
    )
    feedback = Feedback.objects.get()
    assert (feedback.official_fee, feedback.amount_paid, feedback.overcharge) == (5000, 20000, 15000)
    assert feedback.receipt_given is False and feedback.gender == "male"
    clerk_client.post(
        NEW,
        form_data(kind="evaluation", category="service-evaluation", score_timeliness="4", token="e" * 40),
    )
    evaluation = Feedback.objects.get(kind="evaluation")
    assert evaluation.scores == {"timeliness": 4}


def test_complaint_about_the_office_goes_elsewhere_and_is_hidden_from_it(area, clerk, clerk_client):
    response = clerk_client.post(NEW, form_data(category="staff-conduct", channel="counter"), follow=True)
    html = response.content.decode()
    assert "This report went to another office." in html
    case = Feedback.objects.get().case
    assert case.office == area.district_ombudsman and case.hidden_from == area.commune_office
    assert not cases_visible_to(user=response.wsgi_request.user).filter(pk=case.pk).exists()
    assert clerk_client.get(f"/en/staff/cases/{case.pk}/").status_code == 404
    assert case.events.get(type=CaseEvent.Type.NOTE).actor == clerk


def test_sensitive_complaint_goes_to_the_provincial_ombudsman(area, clerk_client):
    response = clerk_client.post(NEW, form_data(category="sexual-harassment", channel="phone"), follow=True)
    assert "This report went to another office." in response.content.decode()
    case = Feedback.objects.get().case
    assert case.office == area.provincial_ombudsman and case.is_sensitive
    assert clerk_client.get(f"/en/staff/cases/{case.pk}/").status_code == 404


def test_ordinary_report_links_to_its_case(clerk_client):
    response = clerk_client.post(NEW, form_data(), follow=True)
    case = Feedback.objects.get().case
    html = response.content.decode()
    assert "This report went to another office." not in html
    assert f"/en/staff/cases/{case.pk}/" in html


def test_receipt_is_shown_once(clerk_client):
    clerk_client.post(NEW, form_data())
    first = clerk_client.get(DONE).content.decode()
    assert "receipt-card__digits" in first
    second = clerk_client.get(DONE).content.decode()
    assert "receipt-card__digits" not in second
    assert "You can still print the slip once." in second
    assert clerk_client.post(SLIP).status_code == 200
    third = clerk_client.get(DONE).content.decode()
    assert "It cannot be shown again." in third
    assert clerk_client.post(SLIP).status_code == 410


@pytest.mark.parametrize("path", [NEW, DONE])
def test_signed_out_and_unverified_users_go_to_sign_in(area, staff, path):
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "/staff/login/" in anonymous["Location"]
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    password_only = Client()
    password_only.force_login(user)  # signed in without the second factor
    response = password_only.get(path)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_slip_needs_sign_in():
    response = Client().post(SLIP)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


@pytest.mark.parametrize(
    "role,office",
    [
        (Role.PROVINCIAL_ADMIN, None),
        (Role.NATIONAL_OVERSIGHT, "national"),
        (Role.SYSTEM_ADMIN, None),
    ],
)
def test_roles_without_an_intake_office_get_404(area, staff, role, office):
    fields = {"province": area.province} if role == Role.PROVINCIAL_ADMIN else {}
    user = staff(role, getattr(area, office) if office else None, **fields)
    client = client_for(user)
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, form_data()).status_code == 404
    assert not Feedback.objects.exists()


def test_staff_cannot_enter_for_another_office(area, staff):
    other = client_for(staff(Role.OFFICE_HEAD, area.other_commune_office))
    # An office in the request is ignored; the commune of another office is refused.
    response = other.post(NEW, form_data(office=area.commune_office.pk))
    assert response.status_code == 400
    assert "Choose a commune served by your office." in response.content.decode()
    other.post(NEW, form_data(commune="171002", office=area.commune_office.pk))
    assert Feedback.objects.get().office == area.other_commune_office


def test_ombudsman_enters_for_communes_of_the_district(area, staff):
    client = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))
    page = client.get(NEW, {"kind": "complaint", "category": "slow-service"}).content.decode()
    assert 'value="171001"' in page and 'value="171002"' in page
    client.post(NEW, form_data(commune="171002", channel="meeting"))
    feedback = Feedback.objects.get()
    assert feedback.office == area.district_ombudsman and feedback.channel == "meeting"
