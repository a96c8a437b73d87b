"""POST /api/v1/feedback/ (issue 15): a retry gets the receipt again only within minutes of the
first answer, then 409; retries and new reports are limited per client (429, Retry-After), and
nothing is stored for a refused report."""

import datetime
import re

import pytest
import time_machine
from django.utils import translation

from ourvoice.api.errors import TOO_MANY_REPORTS
from ourvoice.api.tests.helpers import in_khmer, report_data
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.services import ALREADY_RECEIVED

URL = "/api/v1/feedback/"
KEY = "3f2b8c4e-9a1d-4c6e-8f00-1234567890ab"
NOON = datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC)
RECEIPT_DIGITS = re.compile(r"\d{4}\D?\d{4}\D?\d{4}")


def _en(message: object) -> str:
    with translation.override("en"):
        return str(message)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_a_retry_after_the_window_answers_409_without_the_receipt(api, area, clock):
    first = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 201
    clock.shift(datetime.timedelta(minutes=10))
    retry = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (retry.status_code, retry.json()["receipt"]) == (200, first.json()["receipt"])
    clock.shift(datetime.timedelta(days=3))  # issue 15: it used to answer at any time, to anyone
    late = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert late.status_code == 409
    assert late.json() == {"detail": _en(ALREADY_RECEIVED)}
    assert not RECEIPT_DIGITS.search(late.content.decode())
    km = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY, HTTP_ACCEPT_LANGUAGE="km")
    assert (km.status_code, km.json()) == (409, {"detail": in_khmer(_en(ALREADY_RECEIVED))})
    assert Feedback.objects.count() == 1


def test_retries_are_throttled_per_client(api, area, clock, settings):
    assert settings.RECEIPT_RETRIES_PER_CLIENT == 10  # the default
    api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    statuses = [
        api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY).status_code
        for _ in range(12)
    ]
    assert statuses == [200] * 10 + [429, 429]
    other = api.post(URL, report_data(area), format="json", HTTP_IDEMPOTENCY_KEY=KEY, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_reports_over_the_clients_hourly_share_get_429_and_store_nothing(api, area, clock, settings):
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 3
    statuses = [api.post(URL, report_data(area), format="json").status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    refused = api.post(URL, report_data(area), format="json", HTTP_ACCEPT_LANGUAGE="km")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert refused.json() == {"detail": in_khmer(_en(TOO_MANY_REPORTS))}
    assert Feedback.objects.count() == 3
    assert api.post(URL, report_data(area), format="json", REMOTE_ADDR="10.1.2.3").status_code == 201
    clock.shift(datetime.timedelta(hours=1))
    assert api.post(URL, report_data(area), format="json").status_code == 201
