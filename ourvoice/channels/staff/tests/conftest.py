"""Signed-in, TOTP-verified staff (ourvoice.cases.tests.staff) and helpers to post the intake form."""

from typing import Any

import pytest
from django.test import Client

from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401

NEW = "/en/staff/cases/new/"
DONE = "/en/staff/cases/new/done/"
SLIP = "/en/staff/cases/new/slip/"
TOKEN = "t" * 43


def form_data(**overrides: Any) -> dict[str, Any]:
    """A valid staff entry: a slow-service complaint received on paper about Sla Kram."""
    data: dict[str, Any] = {
        "kind": "complaint",
        "category": "slow-service",
        "channel": "paper",
        "commune": "171001",
        "about_office": "no",  # asked for this topic: not about the office
        "description": "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។",
        "token": TOKEN,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def clerk(area: Any, staff: Any) -> Any:  # noqa: F811
    """Office staff of the Sla Kram commune office."""
    return staff("office_staff", area.commune_office)


@pytest.fixture
def clerk_client(clerk: Any) -> Client:
    return client_for(clerk)
