"""Issue 15: a complaint about an office, through any channel, in any category, at any level,
reaches its overseer and is invisible to the office complained about everywhere (SECURITY.md C2).

The matrix: every complaint category × every channel × every office level a citizen can address
(commune, OWSO, District Ombudsman, OWSU, Provincial Ombudsman), each answered "about the office"
where the topic asks. For each channel and level all categories are filed through the channel's
own interface (web form, REST API, Open311, the Telegram webhook, the SMS gateway's webhook, the
staff intake page), then the office's staff - focal point and head, the one who typed it in too -
look everywhere: inbox tabs, their counts, search, the case pages and actions, notifications,
the case-list export, the admin and Open311 (``office_view.assert_cannot_see``).

SMS addresses only the commune's own office (channels/sms), so SMS runs at that level only.
National oversight cannot be chosen by any channel (``test_national_oversight_is_never_chosen``);
``test_moves.py`` covers transfers, escalations, appeals and assignments.
"""

# ruff: noqa: F811 (fixtures imported from other modules are redefined as arguments)

import hashlib
import json
import re
import secrets
from typing import Any

import pytest
from django.test import Client

from ourvoice.accounts.models import Role
from ourvoice.apikeys.services import apikey_create
from ourvoice.cases.models import Case
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401 - fixture
from ourvoice.channels.common.tests.fakes import (  # noqa: F401 - fixtures
    SMS_INBOUND,
    SMS_SECRET,
    TelegramChat,
    fake_sms,
    fake_telegram,
)
from ourvoice.feedback.models import Category, Kind
from ourvoice.feedback.services import receipt_open
from ourvoice.offices.models import Office
from ourvoice.web.tests.citizen import Citizen, form_url, send_form
from tests.flows.office_view import OfficeView, assert_cannot_see

LEVELS = ["commune_office", "owso", "district_ombudsman", "owsu", "provincial_ombudsman"]
CHANNELS = ["web", "api", "open311", "telegram", "sms", "staff"]
OMBUDSMEN = {Office.Type.DISTRICT_OMBUDSMAN, Office.Type.PROVINCIAL_OMBUDSMAN}
RECEIPT = re.compile(r"(\d{4} \d{4} \d{4} \d{4} \d{4})")
STORED_CHANNEL = {
    "web": "web",
    "api": "api",
    "open311": "api",
    "telegram": "telegram",
    "sms": "sms",
    "staff": "counter",
}


def _complaint_topics() -> list[Category]:
    return list(Category.objects.filter(kind=Kind.COMPLAINT, is_active=True).order_by("order", "pk"))


def _word(channel: str, level: str) -> str:
    """A word found only in this run's reports (searches must not find it)."""
    return "Zq" + hashlib.sha256(f"{channel}{level}".encode()).hexdigest()[:10]


class Filer:
    """Files one complaint through a channel's own interface; returns its case."""

    def __init__(self, channel: str, *, area: Any, office: Office, request: Any) -> None:
        self.channel, self.area, self.office, self.request = channel, area, office, request

    def __call__(self, category: Category, text: str) -> Case:
        return getattr(self, self.channel)(category, text)

    def web(self, category: Category, text: str) -> Case:
        citizen = Citizen()
        page = citizen.get(form_url(self.area, "complaint", category.code, lang="en", office=self.office))
        assert page.status == 200, page.html[:2000]
        response = send_form(citizen, page, description=text, about_office="yes")
        assert response.status_code == 303, response.content.decode()[:3000]
        return Case.objects.latest("pk")

    def api(self, category: Category, text: str) -> Case:
        body = {
            "kind": "complaint",
            "category": category.code,
            "commune": self.area.commune.code,
            "office": self.office.pk,
            "description": text,
            "about_office": True,
        }
        response = Client().post("/api/v1/feedback/", body, content_type="application/json")
        assert response.status_code == 201, response.content
        return Case.objects.get(feedback__reference=response.json()["reference"])

    def open311(self, category: Category, text: str) -> Case:
        key = apikey_create(name=f"app {secrets.token_hex(4)}", rate_per_minute=1000).key
        form = {
            "api_key": key,
            "service_code": category.code,
            "address_id": self.area.commune.code,
            "office_id": str(self.office.pk),
            "description": text,
            "attribute[about_office]": "yes",
        }
        response = Client().post("/open311/v2/requests.json", form)
        assert response.status_code == 200, response.content
        return Case.objects.get(feedback__public_id=response.json()[0]["service_request_id"])

    def telegram(self, category: Category, text: str) -> Case:
        capture = self.request.getfixturevalue("django_capture_on_commit_callbacks")
        fake = self.request.getfixturevalue("fake_telegram")
        chat = TelegramChat(fake=fake, capture=capture, chat_id=5_550_000_000 + secrets.randbelow(10**6))
        chat.send("/start")
        chat.press_data("k:complaint")
        chat.press("សៀមរាប")  # the province
        chat.press("សៀមរាប")  # the municipality
        chat.press("ស្លក្រាម")  # the commune
        chat.press_data(f"o:{self.office.pk}")
        replies = chat.press_data(f"g:{category.pk}")
        if category.asks_about_office:
            assert self.office.name_km in replies[-1], replies  # the routing question names the office
            chat.press_data("a:yes")
        while "skip" in {data for _text, data in chat.buttons()}:
            chat.press_data("skip")  # the topic's optional questions, up to "what happened"
        chat.send(text)
        chat.press_data("done")
        chat.press_data("skip")  # no profile
        chat.press_data("n")  # no updates
        replies = chat.press_data("send")
        found = RECEIPT.search(replies[-1])
        assert found, replies
        return receipt_open(receipt_text=found.group(1), client="test")

    def sms(self, category: Category, text: str) -> Case:
        capture = self.request.getfixturevalue("django_capture_on_commit_callbacks")
        fake = self.request.getfixturevalue("fake_sms")
        phone = f"+8551{secrets.randbelow(10**7):07d}"
        client = Client()

        def send(message: str) -> list[str]:
            before = len(fake.received)
            body = json.dumps({"from": phone, "text": message})
            with capture(execute=True):
                response = client.post(
                    SMS_INBOUND,
                    body,
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {SMS_SECRET}"},
                )
            assert response.status_code == 200, response.content
            return [m["text"] for m in fake.received[before:]]

        send("EN")
        send("COMPLAINT")
        [topics] = send(self.area.commune.code)
        number = next(line.split()[0] for line in topics.splitlines() if category.name_en in line)
        [asked] = send(number)
        if category.asks_about_office:
            assert "1 Yes, 2 No" in asked, asked  # the routing question
            send("1")
        send(text)
        [done] = send("2")  # no updates
        found = RECEIPT.search(done)
        assert found, done
        return receipt_open(receipt_text=found.group(1), client="test")

    def staff(self, category: Category, text: str) -> Case:
        clerk = self.request.getfixturevalue("clerk")
        form = {
            "kind": "complaint",
            "category": category.code,
            "channel": "counter",
            "commune": self.area.commune.code,
            "about_office": "yes",
            "description": text,
            "token": secrets.token_urlsafe(32),
        }
        response = clerk.client.post("/en/staff/cases/new/", form)
        assert response.status_code == 303, response.content.decode()[:3000]
        return Case.objects.latest("pk")


def _handling_role(office: Office) -> str:
    if office.type in OMBUDSMEN:
        return Role.OMBUDSMAN
    if office.type == Office.Type.NATIONAL_OVERSIGHT:
        return Role.NATIONAL_OVERSIGHT
    return Role.OFFICE_STAFF


def _expected_handler(area: Any, accused: Office, category: Category) -> Office:
    if category.is_sensitive:
        return area.national if accused == area.provincial_ombudsman else area.provincial_ombudsman
    return accused.oversight


@pytest.fixture
def accused_office(request, area) -> Office:
    return getattr(area, request.param)


@pytest.fixture
def clerk(accused_office, staff) -> OfficeView:
    """The staff member of the accused office who enters reports at the counter (focal point)."""
    return OfficeView(staff(_handling_role(accused_office), accused_office, is_focal_point=True))


@pytest.mark.parametrize(
    ("channel", "accused_office"),
    [
        (channel, level)
        for channel in CHANNELS
        for level in LEVELS
        if channel != "sms" or level == "commune_office"
    ],
    indirect=["accused_office"],
)
def test_every_complaint_about_the_office_reaches_its_overseer_and_the_office_sees_nothing(
    request,
    area,
    staff,
    clerk,
    accused_office,
    channel,
    django_capture_on_commit_callbacks,
):
    views = [clerk, OfficeView(staff(Role.OFFICE_HEAD, accused_office))]
    word = _word(channel, accused_office.type)
    file = Filer(channel, area=area, office=accused_office, request=request)
    cases = []
    for category in _complaint_topics():
        case = file(category, f"{word} {category.code}: the chief asked me for money.")
        case.refresh_from_db()
        assert case.feedback.channel == STORED_CHANNEL[channel]
        assert case.office == _expected_handler(area, accused_office, category), category.code
        assert case.hidden_from == accused_office, category.code
        cases.append(case)
    assert_cannot_see(views, cases, word, django_capture_on_commit_callbacks)
    # And it did reach someone who can act: the handling office opens every case.
    handlers: dict[int, Any] = {}
    for case in cases:
        if case.office_id not in handlers:
            user = staff(_handling_role(case.office), case.office, is_focal_point=True)
            handlers[case.office_id] = client_for(user)
        assert handlers[case.office_id].get(f"/en/staff/cases/{case.pk}/").status_code == 200


def test_national_oversight_is_never_chosen(area, staff):
    """National oversight serves no area: no channel lets a report be addressed to it, so no
    complaint about it can be filed (and routing keeps one there: test_routing.py)."""
    body = {
        "kind": "complaint",
        "category": "staff-conduct",
        "commune": area.commune.code,
        "office": area.national.pk,
        "description": "About the ministry.",
    }
    assert Client().post("/api/v1/feedback/", body, content_type="application/json").status_code == 400
    key = apikey_create(name="app", rate_per_minute=1000).key
    form = {
        "api_key": key,
        "service_code": "staff-conduct",
        "address_id": area.commune.code,
        "office_id": str(area.national.pk),
        "description": "About the ministry.",
    }
    assert Client().post("/open311/v2/requests.json", form).status_code == 400
    web = Citizen().get(form_url(area, "complaint", "staff-conduct", lang="en", office=area.national))
    assert web.status in (400, 404)
    national = OfficeView(staff(Role.NATIONAL_OVERSIGHT, area.national))
    assert national.client.get("/en/staff/cases/new/").status_code == 404
    assert not Case.objects.exists()
