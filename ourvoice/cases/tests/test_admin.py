"""Administrators edit the deadline rules in the admin; the next case uses the new numbers."""

from datetime import date

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import Role, User
from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX, sign_in_verified
from ourvoice.cases.deadlines import deadlines_compute
from ourvoice.cases.models import DeadlineRule
from ourvoice.feedback.models import Kind

RULES = "/en/admin/cases/deadlinerule/"


@pytest.fixture
def make_user(db):
    def make(role: str, **fields) -> User:
        user = User.objects.create(username=f"{role}-user", role=role, **fields)
        TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
        return user

    return make


def test_a_system_admin_changes_a_deadline_in_the_admin(client: Client, make_user) -> None:
    admin = make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)
    listing = client.get(RULES)
    assert listing.status_code == 200
    rule = DeadlineRule.objects.get(kind=Kind.INFORMATION, step=DeadlineRule.Step.RESOLVE)
    response = client.post(
        f"{RULES}{rule.pk}/change/",
        {"kind": Kind.INFORMATION, "level": "", "step": "resolve", "working_days": "3"},
    )
    assert response.status_code == 302
    due = deadlines_compute(kind=Kind.INFORMATION, level=0, start=date(2026, 4, 10))
    assert due["resolve_due"] == date(2026, 4, 20)


def test_a_duplicate_rule_is_refused(client: Client, make_user) -> None:
    sign_in_verified(client, make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True))
    response = client.post(
        f"{RULES}add/", {"kind": Kind.COMPLAINT, "level": "", "step": "resolve", "working_days": "9"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert DeadlineRule.objects.get(kind=Kind.COMPLAINT, step="resolve", level=None).working_days == 15


def test_an_office_head_cannot_change_deadlines(client: Client, make_user, area) -> None:
    head = make_user(Role.OFFICE_HEAD, office=area.commune_office, is_staff=True)
    sign_in_verified(client, head)
    assert client.get(RULES, follow=True).status_code == 403
