"""No visit in the future, on any channel that takes a visit date (issue 16, point 5).

"Today" is the day in Cambodia (Asia/Phnom_Penh, UTC+7), whatever the server's time zone: at
20:00 UTC on 14 April it is already 15 April in Phnom Penh, so a visit "today" on the 15th is
fine and one on the 16th is refused, with the same translated message on every channel.
``feedback_submit`` holds the rule; these tests go through the web form, the REST API and the
staff intake form (Open311, Telegram and SMS take no visit date).
"""

import datetime
import secrets
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from ourvoice.api.tests.helpers import report_data
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.feedback.models import Feedback
from ourvoice.web.tests.citizen import Citizen, Page, form_url, form_values

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
MESSAGE = {
    "en": "The date of the visit cannot be in the future.",
    "km": "កាលបរិច្ឆេទនៃការទៅទទួលសេវា មិនអាចជាថ្ងៃអនាគតបានទេ។",
}
Send = Callable[[datetime.date], tuple[int, str]]


def _web(area: Any, lang: str) -> Send:
    """The citizen's form: the date chosen as day, month and year (Khmer digits on Khmer pages)."""

    def send(visit: datetime.date) -> tuple[int, str]:
        citizen = Citizen()
        page = citizen.get(form_url(area, "complaint", "slow-service", lang=lang))
        data = {
            **form_values(page.form(id="feedback-form")),
            "description": "ខ្ញុំបានរង់ចាំយូរ។",
            "about_office": "no",
        }
        digits = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩") if lang == "km" else {}
        parts = (visit.day, visit.month, visit.year)
        data.update({f"visit_date_{i}": str(part).translate(digits) for i, part in enumerate(parts)})
        response = citizen.post(page.url, data)
        return response.status_code, Page.of(page.url, response).text() if response.status_code == 400 else ""

    return send


def _api(area: Any, lang: str) -> Send:
    def send(visit: datetime.date) -> tuple[int, str]:
        api = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
        response = api.post(
            "/api/v1/feedback/", report_data(area, visit_date=visit.isoformat()), format="json"
        )
        return response.status_code, response.content.decode()

    return send


def _staff_intake(area: Any, staff: Any, lang: str) -> Send:  # noqa: F811
    def send(visit: datetime.date) -> tuple[int, str]:
        client: Client = client_for(staff("office_staff", area.commune_office))
        data = {
            "kind": "complaint",
            "category": "slow-service",
            "channel": "paper",
            "commune": area.commune.code,
            "description": "ខ្ញុំបានរង់ចាំយូរ។",
            "about_office": "no",
            "token": secrets.token_urlsafe(32),  # a new report each time (the token is its idempotency key)
            "visit_date": visit.isoformat(),
        }
        response = client.post(f"/{lang}/staff/cases/new/", data)
        return response.status_code, response.content.decode()

    return send


@pytest.fixture
def channels(area, staff) -> dict[str, Send]:  # noqa: F811
    return {
        **{f"web-{lang}": _web(area, lang) for lang in ("km", "en")},
        **{f"api-{lang}": _api(area, lang) for lang in ("km", "en")},
        "staff-en": _staff_intake(area, staff, "en"),
    }


# Instants over several years, weighted towards the hours when Phnom Penh is a day ahead of UTC.
instants = st.one_of(
    st.datetimes(min_value=datetime.datetime(2025, 1, 1), max_value=datetime.datetime(2030, 12, 31)),
    st.builds(
        lambda day, minutes: (
            datetime.datetime.combine(day, datetime.time(17)) + datetime.timedelta(minutes=minutes)
        ),
        st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2030, 12, 31)),
        st.integers(min_value=0, max_value=7 * 60 - 1),
    ),
).map(lambda naive: naive.replace(tzinfo=datetime.UTC))


@settings(
    max_examples=2,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # each example posts ten reports: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(now=instants)
@example(now=datetime.datetime(2026, 4, 14, 20, 0, tzinfo=datetime.UTC))  # 15 April 03:00 in Phnom Penh
@example(now=datetime.datetime(2026, 12, 31, 16, 59, tzinfo=datetime.UTC))  # 23:59 on New Year's Eve
def test_a_visit_is_refused_after_today_in_cambodia_on_every_channel(settings_utc, channels, now):
    today = now.astimezone(PHNOM_PENH).date()
    with time_machine.travel(now, tick=False):
        for name, send in channels.items():
            lang = name.rsplit("-", 1)[1]
            before = Feedback.objects.count()
            status, body = send(today + datetime.timedelta(days=1))
            assert status == 400, (name, now, status)
            assert MESSAGE[lang] in body, (name, body[:2000])
            assert Feedback.objects.count() == before
            status, _body = send(today)
            assert status in (201, 302, 303), (name, now, status, _body[:2000])
            newest = Feedback.objects.order_by("-pk").first()
            assert newest is not None and newest.visit_date == today


@pytest.fixture
def settings_utc(settings):
    """A server whose own time zone is UTC: "today" must still be Cambodia's."""
    settings.TIME_ZONE = "UTC"
    return settings
