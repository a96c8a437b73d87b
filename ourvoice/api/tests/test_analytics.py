"""The staff analytics API: the same filters and scopes as the pages, '< 5' as {"suppressed": true}
with no number, 403 without a verified staff session, and no answer outside the schema."""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application
from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import make_user, sign_in_verified  # noqa: F401 (a fixture)
from ourvoice.analytics.indicators import INDICATORS
from ourvoice.analytics.services import analytics_refresh
from ourvoice.analytics.tests.conftest import report  # noqa: F401 (a fixture)
from ourvoice.geo.models import District

DASHBOARD = "/api/v1/analytics/dashboard/"
COMPARISON = "/api/v1/analytics/comparison/"
JUNE = {"start": "2026-06", "end": "2026-06"}


@pytest.fixture
def busy(area, report):  # noqa: F811
    for gender in ("female", "female", "female", "female", "male", "male"):
        report(gender=gender)
    report(office=area.other_commune_office, commune=area.other_commune, gender="female")
    analytics_refresh()
    return area


@pytest.fixture
def ombudsman(busy, make_user) -> Client:  # noqa: F811
    client = Client()
    sign_in_verified(client, make_user(Role.OMBUDSMAN, office=busy.district_ombudsman))
    return client


def test_the_dashboard_of_an_area(ombudsman, busy):
    response = ombudsman.get(DASHBOARD, {**JUNE, "split": "gender"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == {"level": "D", "id": "1710", "name": "Siem Reap"}
    assert body["filters"] == {
        "start": "2026-06",
        "end": "2026-06",
        "kind": "",
        "category": None,
        "split": "gender",
    }
    assert body["totals"]["reports"] == {"suppressed": False, "value": 7.0, "spread": None}
    assert [m["month"] for m in body["by_month"]] == ["2026-06"]
    assert {i["code"] for i in body["indicators"]} == set(INDICATORS)
    splits = {s["value"]: s for s in body["by_split"]}
    assert splits["male"]["values"]["reports"] == {"suppressed": True}
    assert splits["male"]["label"] == "Gender: Male"
    assert body["by_channel"]["web"]["value"] == 7.0


def test_the_commune_with_one_report_gives_no_number(ombudsman, busy):
    response = ombudsman.get(DASHBOARD, {**JUNE, "office": busy.other_commune_office.pk})
    body = response.json()
    assert body["totals"]["reports"] == {"suppressed": True}
    values = [v for v in body["totals"].values()] + [
        v for m in body["by_month"] for v in m["values"].values()
    ]
    assert all("value" not in v or v["value"] is None for v in values)
    rows = {
        row["area"]["id"]: row for row in ombudsman.get(COMPARISON, {**JUNE, "level": "O"}).json()["rows"]
    }
    assert rows[str(busy.other_commune_office.pk)]["value"] == {"suppressed": True}
    assert rows[str(busy.other_commune_office.pk)]["rank"] is None
    assert rows[str(busy.commune_office.pk)]["value"]["value"] == 6.0
    assert rows[str(busy.commune_office.pk)]["rank"] == 1
    assert '"value": 1' not in json.dumps(rows) and '"value": 1.0' not in json.dumps(rows)


def test_scope_and_authentication(ombudsman, busy, make_user):  # noqa: F811
    District.objects.create(
        code="1711", name_km="ក", name_en="Another", type="district", province=busy.province
    )
    assert ombudsman.get(DASHBOARD, {"district": "1711"}).status_code == 404
    assert ombudsman.get(DASHBOARD, {"province": "17"}).status_code == 404
    assert Client().get(DASHBOARD).status_code == 403
    unverified = Client()
    unverified.force_login(make_user(Role.OMBUDSMAN, office=busy.district_ombudsman))
    assert unverified.get(COMPARISON).status_code == 403
    nobody = Client()
    sign_in_verified(nobody, make_user(""))
    assert nobody.get(DASHBOARD).status_code == 404


def test_bad_filters_answer_400_in_the_request_language(ombudsman):
    response = ombudsman.get(DASHBOARD, {"start": "2026-13"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"start": ["Give the first month as YYYY-MM, for example 2026-01."]}
    khmer = ombudsman.get(COMPARISON, {"indicator": "nope"}, HTTP_ACCEPT_LANGUAGE="km").json()
    assert khmer["indicator"][0].startswith("សូមផ្តល់កូដសូចនាករ")
    assert ombudsman.get(COMPARISON, {"office": "1"}).status_code in (400, 404)


@pytest.fixture
def in_process():
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_fuzzing_with_a_signed_in_ombudsman_finds_no_error_and_no_answer_outside_the_schema(
    ombudsman, busy, in_process
):
    cookies = {
        django_settings.SESSION_COOKIE_NAME: ombudsman.cookies[django_settings.SESSION_COOKIE_NAME].value
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    everything = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    operations = [operation for operation in everything if operation.path in (DASHBOARD, COMPARISON)]
    assert len(operations) == 2
    statuses: set[int] = set()

    def call(case: schemathesis.Case) -> None:
        response = case.call(cookies=cookies)
        statuses.add(response.status_code)
        case.validate_response(
            response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
        )

    fuzz = hypothesis_settings(
        max_examples=60,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    for operation in operations:
        fuzz(given(case=operation.as_strategy())(lambda case: call(case)))()
    assert 200 in statuses and 400 in statuses
