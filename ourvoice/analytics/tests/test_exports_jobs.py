"""The de-identified case list: made in the background, for permitted roles, downloaded by its
owner only, without free text, contact or receipt, and purged after a week."""

import csv
import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import sign_in_verified, verified
from ourvoice.analytics.exports_jobs import export_job_run, export_jobs_purge
from ourvoice.analytics.models import ExportJob
from ourvoice.cases.access import cases_visible_to
from ourvoice.cases.models import Case, Status

from .conftest import MONDAY, move, rate

BASE = "/en/staff/analytics/exports/"
DESCRIPTION = "SENTINEL-DESCRIPTION the clerk asked me for money"
PHONE = "012345678"


@pytest.fixture
def cases(area, report):
    first = report(
        description=DESCRIPTION,
        contact_consent=True,
        contact_phone=PHONE,
        official_fee=4000,
        amount_paid=9000,
        service_name="birth certificate",  # typed: the catalogue's (issue 16)
    )
    move(first, Status.ACKNOWLEDGED, MONDAY + datetime.timedelta(days=1))
    move(first, Status.RESOLVED, MONDAY + datetime.timedelta(days=3))
    move(first, Status.CLOSED, MONDAY + datetime.timedelta(days=3, hours=1))
    rate(first, 4, MONDAY + datetime.timedelta(days=4))
    report(
        description=DESCRIPTION,
        office=area.other_commune_office,
        commune=area.other_commune,
        service_name="SENTINEL a land title",  # another service: its text is never exported
    )
    # A sensitive complaint: only focal points and national oversight may see it.
    sensitive = report(category="sexual-harassment", description=DESCRIPTION)
    return {"first": first, "sensitive": sensitive}


def _signed_in(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def _export(client: Client, capture, fmt: str = "csv", query: str = "start=2026-06&end=2026-06") -> ExportJob:
    with capture(execute=True):
        response = client.post(
            f"{BASE}cases/", {**dict(p.split("=") for p in query.split("&")), "format": fmt}
        )
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == f"{BASE}jobs/{job.pk}/"
    return job


def test_the_case_list_is_made_in_the_background_and_holds_no_free_text(
    area, cases, make_user, django_capture_on_commit_callbacks
):
    ombudsman = make_user(Role.OMBUDSMAN, office=area.district_ombudsman)
    client = _signed_in(ombudsman)
    form = client.get(f"{BASE}cases/?start=2026-06&end=2026-06")
    assert form.status_code == 200
    assert b'name="start" value="2026-06"' in form.content
    job = _export(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.progress, job.owner_id) == (ExportJob.Status.DONE, 100, ombudsman.pk)
    page = client.get(f"{BASE}jobs/{job.pk}/").content.decode()
    assert f"{BASE}jobs/{job.pk}/download/" in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    response = client.get(f"{BASE}jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="ourvoice-cases-{job.created_at:%Y%m%d}-{job.pk}.csv"'
    )
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    expected = cases_visible_to(user=verified(ombudsman))
    assert len(rows) == expected.count() == 2  # not the sensitive case
    first = next(row for row in rows if row["Public id"] == cases["first"].feedback.public_id)
    assert first["Month submitted"] == "2026-06"
    assert first["Working days to acknowledge"] == "1"
    assert first["Working days to resolve"] == "3"
    assert first["Rating (1-5)"] == "4"
    assert first["Overcharge (riel)"] == "2,001-5,000"
    assert first["Service"] == "Birth certificate"
    assert {row["Service"] for row in rows} == {"Birth certificate", "Another service"}
    assert first["Office"] == "Sla Kram office"
    for secret in (
        "SENTINEL",
        PHONE,
        cases["first"].feedback.locator,
        cases["first"].feedback.reference,
        cases["sensitive"].feedback.public_id,
        "2026-06-01",
    ):
        assert secret not in body
    assert "Gender" not in rows[0] and "Description" not in rows[0]


def test_the_page_refreshes_itself_while_the_export_is_made(area, cases, make_user):
    owner = make_user(Role.PROVINCIAL_ADMIN, province=area.province)
    job = ExportJob.objects.create(owner=owner, format="xlsx", language="en", params={}, progress=40)
    page = _signed_in(owner).get(f"{BASE}jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="40"' in page
    assert "download/" not in page


def test_the_national_oversight_sees_the_sensitive_case_in_xlsx(
    area, cases, make_user, django_capture_on_commit_callbacks
):
    oversight = make_user(Role.NATIONAL_OVERSIGHT, office=area.national)
    client = _signed_in(oversight)
    job = _export(client, django_capture_on_commit_callbacks, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(client.get(f"{BASE}jobs/{job.pk}/download/").content)).active
    ids = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ids == set(Case.objects.values_list("feedback__public_id", flat=True))


def test_only_the_owner_downloads(area, cases, make_user, django_capture_on_commit_callbacks):
    owner = make_user(Role.PROVINCIAL_ADMIN, province=area.province)
    job = _export(_signed_in(owner), django_capture_on_commit_callbacks)
    other = _signed_in(make_user(Role.PROVINCIAL_ADMIN, province=area.province))
    assert other.get(f"{BASE}jobs/{job.pk}/").status_code == 404
    assert other.get(f"{BASE}jobs/{job.pk}/download/").status_code == 404
    assert f"jobs/{job.pk}/".encode() not in other.get(BASE).content
    assert b"You have no exports." in other.get(BASE).content
    assert Client().get(f"{BASE}jobs/{job.pk}/download/").status_code == 302  # sign in first


def test_office_staff_and_administrators_cannot_export_the_case_list(area, cases, make_user):
    for user in (
        make_user(Role.OFFICE_STAFF, office=area.commune_office),
        make_user(Role.SYSTEM_ADMIN),
    ):
        client = _signed_in(user)
        assert client.get(f"{BASE}cases/").status_code == 404
        assert client.post(f"{BASE}cases/", {"format": "csv"}).status_code == 404
    assert not ExportJob.objects.exists()


def test_an_area_outside_the_scope_is_not_found_and_bad_filters_are_400(area, cases, make_user):
    client = _signed_in(make_user(Role.OMBUDSMAN, office=area.district_ombudsman))
    assert client.post(f"{BASE}cases/", {"province": "12", "format": "csv"}).status_code == 404
    response = client.post(f"{BASE}cases/", {"start": "June", "format": "csv"})
    assert response.status_code == 400
    assert b"Give the first month as YYYY-MM" in response.content
    assert not ExportJob.objects.exists()


def test_a_job_whose_owner_lost_the_role_fails_and_running_twice_is_safe(area, cases, make_user):
    owner = make_user(Role.OFFICE_STAFF, office=area.commune_office)
    job = ExportJob.objects.create(owner=owner, format="csv", language="en", params={})
    assert export_job_run(job_id=job.pk) == ExportJob.Status.FAILED
    job.refresh_from_db()
    assert (job.error, job.file) == ("not_permitted", "")
    assert export_job_run(job_id=job.pk) == "skipped"
    page = _signed_in(owner).get(f"{BASE}jobs/{job.pk}/").content.decode()
    assert "may no longer export this list" in page


def test_old_exports_are_purged_with_their_files(area, cases, make_user, django_capture_on_commit_callbacks):
    owner = make_user(Role.PROVINCIAL_ADMIN, province=area.province)
    old = _export(_signed_in(owner), django_capture_on_commit_callbacks)
    new = _export(_signed_in(owner), django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert default_storage.exists(old.file)
    assert b"SENTINEL" not in default_storage.open(old.file).read()  # encrypted at rest anyway
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert export_jobs_purge() == 1
    assert not default_storage.exists(old.file)
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]


def test_a_complaint_about_an_office_never_reaches_its_staff_export(
    area, report, make_user, django_capture_on_commit_callbacks
):
    about = report(category="staff-conduct", office=area.district_ombudsman, description=DESCRIPTION)
    assert about.hidden_from_id == area.district_ombudsman.pk
    ordinary = report()
    for user, expected in (
        (make_user(Role.OMBUDSMAN, office=area.district_ombudsman), {ordinary}),
        (make_user(Role.NATIONAL_OVERSIGHT, office=area.national), {ordinary, about}),
    ):
        client = _signed_in(user)
        job = _export(client, django_capture_on_commit_callbacks)
        body = client.get(f"{BASE}jobs/{job.pk}/download/").content.decode("utf-8-sig")
        ids = {row["Public id"] for row in csv.DictReader(io.StringIO(body))}
        assert ids == {case.feedback.public_id for case in expected}
