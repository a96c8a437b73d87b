"""Services, not codes (issue 16, point 3): a reported service is always a catalogue service -
chosen, or typed and clearly matched - or "another service" with its text; pages and the
overcharge tables name it in the page's language and count it once; old typed services are
matched by a data migration."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import importlib
import re
from typing import Any

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from ourvoice.accounts.models import Role
from ourvoice.analytics.services import analytics_refresh
from ourvoice.api.tests.helpers import case_of, report_data
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.catalogue.models import Service
from ourvoice.catalogue.selectors import service_matching
from ourvoice.feedback.models import Feedback

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("ourvoice.feedback.migrations.0013_service_matched_to_the_catalogue")


def _fee(area: Any, **fields: Any) -> dict[str, Any]:
    return report_data(
        area,
        category="unofficial-fee",
        answers={"who_asked": "counter_staff"},
        official_fee=4000,
        amount_paid=20000,
        **fields,
    )


def _overcharge_table(html: str) -> str:
    start = html.index('id="overcharge-heading"')
    return html[start : html.index("</section>", start)]


def test_one_service_however_given_is_one_service_named_in_the_page_language(area, staff):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    given_as = [
        {"service": "birth-certificate"},  # chosen (apps, the web form's list)
        {"service_name": "  Birth   Certificate "},  # typed in English
        {"service_name": "សំបុត្រកំណើត"},  # typed in Khmer
        {"service_name": "birth-certificate"},  # the code, typed
        {"service_name": "A land title at the commune"},  # not in the catalogue
    ]
    bodies = []
    for fields in given_as:
        response = api.post("/api/v1/feedback/", _fee(area, **fields), format="json")
        assert response.status_code == 201, response.content
        bodies.append(response.json())
    stored = [case_of(body).feedback for body in bodies]
    assert [(f.service.code if f.service else None, f.service_name) for f in stored] == [
        ("birth-certificate", ""),
        ("birth-certificate", ""),
        ("birth-certificate", ""),
        ("birth-certificate", ""),
        (None, "A land title at the commune"),
    ]
    # A code that is not the catalogue's is refused, in the request's language.
    response = api.post("/api/v1/feedback/", _fee(area, service="birth-cert"), format="json")
    assert response.status_code == 400 and "service" in response.json()

    # The case page names the service in the page's language, never its code.
    ombudsman = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))  # fee complaints go up
    typed = case_of(bodies[1])
    for language, name in (("en", "Birth certificate"), ("km", "សំបុត្រកំណើត")):
        page = ombudsman.get(f"/{language}/staff/cases/{typed.pk}/").content.decode()
        assert name in page and "birth-certificate" not in page
    other = ombudsman.get(f"/en/staff/cases/{case_of(bodies[4]).pk}/").content.decode()
    assert "Another service: A land title at the commune" in other

    # The overcharge table: one row for the birth certificate, one for any other service.
    analytics_refresh()
    national = client_for(staff(Role.NATIONAL_OVERSIGHT, area.national))
    for language, name, another in (("en", "Birth certificate", "Another service"), ("km", "សំបុត្រកំណើត", None)):
        table = _overcharge_table(national.get(f"/{language}/staff/analytics/").content.decode())
        rows = re.findall(r"<tr>\s*<th[^>]*>([^<]*)</th>", table)[1:]  # after the header
        assert rows.count(name) == 1 and len(rows) == 2, rows
        assert "birth-certificate" not in table and "A land title" not in table
        if another:
            assert rows == [name, another], rows
    # The API names it too, in the request's language.
    body = national.get("/api/v1/analytics/dashboard/", HTTP_ACCEPT_LANGUAGE="km").json()
    assert sorted((s["service"], s["name"]) for s in body["overcharge_by_service"]) == [
        ("*other", "សេវាផ្សេងទៀត"),
        ("birth-certificate", "សំបុត្រកំណើត"),
    ]


def test_the_data_migration_matches_typed_services_where_they_clearly_match(area, make_input):
    from ourvoice.feedback.services import feedback_submit

    texts = [
        "birth-certificate",
        " BIRTH  certificate ",
        "Birth-Certificate.",
        "សំបុត្រ\u200bកំណើត",
        "Residence certification",
        "my land title",
        "",
    ]
    ids = [feedback_submit(data=make_input(category="unofficial-fee")).feedback.pk for _text in texts]
    for pk, text in zip(ids, texts, strict=True):  # as reports stored before the migration were
        Feedback.objects.filter(pk=pk).update(service=None, service_name=text)
    MIGRATION.BATCH = 3  # several batches, as over millions of reports
    MIGRATION.match(apps, None)
    MIGRATION.match(apps, None)  # again: nothing changes
    rows = [Feedback.objects.filter(pk=pk).values_list("service__code", "service_name").get() for pk in ids]
    assert rows == [
        ("birth-certificate", ""),
        ("birth-certificate", ""),
        ("birth-certificate", ""),
        ("birth-certificate", ""),
        ("residence-certification", ""),
        (None, "my land title"),
        (None, ""),
    ]


_SEPARATORS = st.sampled_from([" ", "  ", "-", " - ", "\u200b", "\t"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_spelling_of_a_catalogue_name_is_that_service(db, data):
    services = list(Service.objects.order_by("pk"))
    service = data.draw(st.sampled_from(services))
    name = data.draw(st.sampled_from([service.code, service.name_en, service.name_km]))
    words = re.split(r"[\s\-]+", name)
    cased = [data.draw(st.sampled_from([w, w.upper(), w.lower(), w.title()])) for w in words]
    joined = cased[0] + "".join(data.draw(_SEPARATORS) + w for w in cased[1:])
    typed = data.draw(st.sampled_from(["", " "])) + joined + data.draw(st.sampled_from(["", " ", ".", "។"]))
    assert service_matching(text=typed) == service, typed
    assert service_matching(text=typed + " and a land title") is None
