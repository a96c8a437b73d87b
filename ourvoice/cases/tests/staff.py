"""Helpers for the staff case-page tests: reports through the real submit, staff signed in with
TOTP verified (as after the sign-in form)."""

from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import User
from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX, sign_in_verified
from ourvoice.cases.models import Case
from ourvoice.feedback.models import Category, Channel, Kind
from ourvoice.feedback.services import FeedbackInput, feedback_submit
from ourvoice.offices.models import Office


@pytest.fixture
def submit(area: Any) -> Any:
    """Submit a report through feedback_submit; returns its case."""

    def make(
        description: str = "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។",
        *,
        category: str = "slow-service",
        office: Office | None = None,
        **fields: Any,
    ) -> Case:
        cat = Category.objects.get(code=category)
        office = office or area.commune_office
        values: dict[str, Any] = {
            "kind": cat.kind,
            "category": cat,
            "description": description,
            "channel": Channel.WEB,
            "commune": office.commune,
            "office": office,
            "about_office": False if cat.asks_about_office else None,
        }
        values.update(fields)
        return feedback_submit(data=FeedbackInput(**values)).case

    return make


@pytest.fixture
def staff(db: None) -> Any:
    """Create a staff member with a confirmed TOTP device."""
    counter = iter(range(10_000))

    def make(role: str, office: Office | None = None, **fields: Any) -> User:
        user = User(username=f"{role}-{next(counter)}", role=role, office=office, **fields)
        user.set_password("a long staff passphrase 2026")
        user.full_clean()
        user.save()
        TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
        return user

    return make


def client_for(user: User) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


__all__ = ["Kind", "client_for", "staff", "submit"]
