"""Independent monitors (issue 16, point 7): civil-society experts read nationwide, de-identified,
every case read audited, and act on nothing - through the pages they use."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.accounts.models import Role, User
from ourvoice.analytics.models import ExportJob
from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.cases.tests.test_access import _attach
from ourvoice.cases.views.case import ACTIONS
from ourvoice.catalogue.models import PublicAnswer
from ourvoice.feedback.models import DuplicateLink, Feedback
from ourvoice.messaging.models import Message
from ourvoice.messaging.services import message_post_by_office

pytestmark = pytest.mark.django_db

PHONE, EMAIL = "012 345 678", "sokha@example.org"


@pytest.fixture
def monitor(staff: Any) -> User:
    return staff(Role.MONITOR, None, first_name="TI Cambodia")


def _url(case: Case, action: str = "") -> str:
    return f"/en/staff/cases/{case.pk}/" + (f"{action}/" if action else "")


def test_a_monitor_works_for_no_office_and_has_no_administration(area: Any) -> None:
    for fields in ({"office": area.commune_office}, {"is_staff": True}):
        user = User(username="m", role=Role.MONITOR, **fields)
        with pytest.raises(ValidationError):
            user.full_clean()


def test_a_monitor_reads_every_case_nationwide_but_never_the_sensitive_track(area, submit, staff, monitor):
    ordinary = submit(office=area.commune_office)
    elsewhere = submit(office=area.owso)
    about_office = submit("They asked me for 10,000 riel.", category="unofficial-fee")
    sensitive = submit("Harassment at the counter.", category="sexual-harassment")
    assert sensitive.is_sensitive
    client = client_for(monitor)
    for case in (ordinary, elsewhere, about_office):
        assert client.get(_url(case)).status_code == 200
    assert client.get(_url(sensitive)).status_code == 404
    inbox = client.get("/en/staff/cases/?tab=all").content.decode()
    assert sensitive.feedback.reference not in inbox
    # The staff home leads to what the role may use.
    home = client.get("/en/staff/").content.decode()
    for link in (
        "/en/staff/analytics/",
        "/en/staff/analytics/compare/",
        "/en/staff/analytics/reports/",
        "/en/staff/analytics/exports/",
        "/en/staff/cases/",
    ):
        assert f'href="{link}"' in home, link
    assert "/en/staff/cases/new/" not in home
    # Nationwide dashboards, comparisons, quarterly reports and exports.
    for page in ("/en/staff/analytics/", "/en/staff/analytics/compare/", "/en/staff/analytics/reports/"):
        assert client.get(page).status_code == 200, page
    assert "Cambodia" in client.get("/en/staff/analytics/").content.decode()


def test_the_monitor_reads_deidentified_content_and_every_read_is_audited(area, submit, staff, monitor):
    case = submit(
        f"The clerk said to call {PHONE} or write to {EMAIL} to pay faster.",
        contact_phone="097 765 4321",
        contact_consent=True,
        gender="female",
    )
    attachment = _attach(case)
    clerk = staff(Role.OFFICE_STAFF, area.commune_office)
    clerk_client = client_for(clerk)
    assert clerk_client.post(_url(case, "note"), {"text": f"Citizen called from {PHONE}."}).status_code == 302
    message_post_by_office(case=case, author=clerk, body=f"Write to {EMAIL} please.", ask_citizen=False)
    # Staff of the office see it all (the control).
    staff_page = clerk_client.get(_url(case)).content.decode()
    assert PHONE in staff_page and f"files/{attachment.pk}/" in staff_page

    client = client_for(monitor)
    response = client.get(_url(case))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The clerk said to call […] or write to […] to pay faster." in page
    assert "Citizen called from […]." in page and "Write to […] please." in page
    for hidden in (PHONE, EMAIL, "097 765 4321", f"files/{attachment.pk}/", "Female", "Show contact details"):
        assert hidden not in page, hidden
    assert "De-identified for independent monitoring" in page
    assert client.get(f"{_url(case)}files/{attachment.pk}/").status_code == 404
    assert client.get(f"{_url(case)}files/{attachment.pk}/play/").status_code == 404
    assert client.post(_url(case, "contact")).status_code in (403, 404)

    # Who read which case, when: one record per read, never shown in the staff timeline.
    def reads() -> list[CaseEvent]:
        return list(case.events.filter(type=CaseEvent.Type.READ, actor=monitor))

    assert [r.reason for r in reads()] == ["page"]
    client.get(_url(case))
    assert len(reads()) == 2
    assert all(r.at is not None and r.at.tzinfo is not None for r in reads())
    assert "Read by staff" not in client.get(_url(case)).content.decode()


def test_the_monitor_exports_the_case_list_nationwide(
    area, submit, monitor, django_capture_on_commit_callbacks
):
    case = submit(office=area.owso)
    month = f"{timezone.now():%Y-%m}"
    client = client_for(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/staff/analytics/exports/cases/", {"start": month, "end": month, "format": "csv"}
        )
    assert response.status_code == 302, response.content[:300]
    job = ExportJob.objects.get(owner=monitor)
    download = client.get(f"/en/staff/analytics/exports/jobs/{job.pk}/download/")
    content = b"".join(getattr(download, "streaming_content", [download.content]))
    assert case.feedback.public_id in content.decode("utf-8-sig")


# --- No action on any case: a property over every staff and admin address that takes a POST. ---

_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for pattern in resolver.url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern, text)
        elif isinstance(pattern, URLPattern) and "^" not in text and "(?P" not in text:
            routes.append(text)
    return routes


def _filler(values: dict[str, object]) -> Callable[[re.Match[str]], str]:
    return lambda match: str(values[match["name"]])


def _write_urls(case: Case, other: Case, attachment_id: int) -> list[str]:
    """Every staff and admin route under /en/, with each case action spelled out."""
    values = {
        "case_id": case.pk,
        "attachment_id": attachment_id,
        "object_id": case.pk,
        "office_id": case.office_id,
        "job_id": 1,
        "fmt": "csv",
    }
    urls = set()
    for route in _routes(get_resolver()):
        language, _slash, route = route.partition("/")
        if language not in ("en", "km") or not route.startswith(("staff/", "admin/")):
            continue
        if route.endswith(("login/", "logout/")):
            continue
        route = "en/" + route
        names = [m["name"] for m in _PARAM.finditer(route)]
        if "action" in names:
            for action in [*ACTIONS, "contact", "publish", "withdraw", "reopen"]:
                urls.add("/" + _PARAM.sub(_filler({**values, "action": action}), route))
        elif all(name in values for name in names):
            urls.add("/" + _PARAM.sub(_filler(values), route))
    return sorted(urls)


def _state() -> tuple[object, ...]:
    """Everything an action on a case could change."""
    return (
        sorted(Case.objects.values_list("pk", "status", "office_id", "assignee_id", "level", "updated_at")),
        sorted(CaseEvent.objects.exclude(type=CaseEvent.Type.READ).values_list("pk", flat=True)),
        sorted(Message.objects.values_list("pk", flat=True)),
        sorted(Feedback.objects.values_list("pk", flat=True)),
        sorted(PublicAnswer.objects.values_list("pk", "withdrawn_at")),
        sorted(DuplicateLink.objects.values_list("pk", flat=True)),
        sorted(User.objects.values_list("pk", "role", "is_active", "office_id")),
    )


def test_every_write_address_refuses_the_monitor(area, submit, staff, monitor):
    case = submit("Asked for a document that does not exist.")
    other = submit("Asked for a document that does not exist, again.")
    info = submit("How long does a birth certificate take?", category="processing-time")
    attachment = _attach(case)
    colleague = staff(Role.OFFICE_STAFF, area.commune_office)
    urls = _write_urls(case, other, attachment.pk) + _write_urls(info, case, attachment.pk)
    action_urls = [u for u in urls if re.fullmatch(r"/en/staff/cases/\d+/[a-z_-]+/", u)]
    assert len(action_urls) >= 2 * len(ACTIONS) and any("/en/admin/" in u for u in urls)
    client = client_for(monitor)
    before = _state()

    payloads = st.fixed_dictionaries(
        {
            "body": st.text(min_size=1, max_size=20),
            "ask_citizen": st.sampled_from(["on", ""]),
            "text": st.text(min_size=1, max_size=20),
            "to_status": st.sampled_from(Status.values),
            "reason": st.text(min_size=1, max_size=20),
            "assignee": st.sampled_from(["", str(colleague.pk), str(monitor.pk)]),
            "office": st.sampled_from([str(area.owso.pk), str(area.other_commune_office.pk)]),
            "original": st.just(str(other.pk)),
            "question": st.just("How long does a birth certificate take?"),
            "answer": st.just("Three working days."),
            "language": st.sampled_from(["km", "en"]),
            "confirm": st.just("on"),
            "kind": st.just("complaint"),
            "category": st.just("slow-service"),
            "description": st.just("Entered on behalf of a citizen."),
            "role": st.just(Role.NATIONAL_OVERSIGHT),
        }
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(url=st.sampled_from(urls), data=payloads)
    def refused(url: str, data: dict[str, str]) -> None:
        response = client.post(url, data)
        if url in action_urls:
            assert response.status_code in (403, 404, 405), (url, response.status_code)
        assert _state() == before, url

    refused()
    # Every case action, each at least once (the draw above may miss some).
    for url in action_urls:
        response = client.post(url, {"body": "x", "text": "x", "to_status": "acknowledged"})
        assert response.status_code in (403, 404, 405), url
    assert _state() == before
