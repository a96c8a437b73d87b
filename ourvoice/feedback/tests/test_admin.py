"""Administrators set per category whether its complaints are always about the office; no setting
can send a complaint about an office to that office (issue 15, SECURITY.md C2)."""

from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import Role, User
from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX, sign_in_verified
from ourvoice.feedback.models import Category
from ourvoice.web.tests.pagetools import Element, find_all, parse

CATEGORIES = "/en/admin/feedback/category/"


@pytest.fixture
def admin_client(db: None) -> Client:
    user = User.objects.create(username="admin", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    client = Client()
    sign_in_verified(client, user)
    return client


def _descendants(element: Element) -> list[Element]:
    return [d for child in element.children for d in (child, *_descendants(child))]


def _form_values(html: str) -> dict[str, Any]:
    """What the browser would post for the admin's change form as it stands."""
    form = next(f for f in find_all(parse(html), "form") if f.attrs.get("id") == "category_form")
    values: dict[str, Any] = {}
    for element in _descendants(form):
        name, kind = element.attrs.get("name"), element.attrs.get("type", "text")
        if not name:
            continue
        if element.tag == "input" and kind == "checkbox":
            if "checked" in element.attrs:
                values[name] = "on"
        elif element.tag == "input" and kind not in ("submit", "button", "file"):
            values[name] = element.attrs.get("value", "")
        elif element.tag == "textarea":
            values[name] = element.text.removeprefix("\n")
        elif element.tag == "select":
            chosen = [o for o in _descendants(element) if o.tag == "option" and "selected" in o.attrs]
            values[name] = chosen[0].attrs.get("value", "") if chosen else ""
    return values


def _change(client: Client, code: str, **changes: Any) -> Any:
    category = Category.objects.get(code=code)
    url = f"{CATEGORIES}{category.pk}/change/"
    values = _form_values(client.get(url).content.decode())
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return client.post(url, values)


@pytest.mark.parametrize(
    "code", ["staff-conduct", "discrimination", "sexual-harassment", "bribery-named-person"]
)
def test_a_topic_about_people_or_sensitive_cannot_stop_being_about_the_office(admin_client, code):
    response = _change(admin_client, code, about_office=None)
    assert response.status_code == 200  # the form again, with the reason
    assert "always about the office" in response.content.decode()
    assert Category.objects.get(code=code).about_office is True


def test_an_administrator_can_make_a_topic_always_about_the_office_or_ask(admin_client):
    assert _change(admin_client, "slow-service", about_office="on").status_code == 302
    assert Category.objects.get(code="slow-service").always_about_office
    # Unticking an ordinary topic only brings the question back: it still never reaches the office.
    assert _change(admin_client, "unofficial-fee", about_office=None).status_code == 302
    assert Category.objects.get(code="unofficial-fee").asks_about_office


def test_another_kind_is_not_routed_by_who_it_is_about(admin_client):
    response = _change(admin_client, "documents", about_office="on")
    assert response.status_code == 200
    assert Category.objects.get(code="documents").about_office is False
