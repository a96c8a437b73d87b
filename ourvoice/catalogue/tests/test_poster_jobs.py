"""QR posters of many offices are made in the background: the request queues a job and
redirects to its page (progress, then a download link), only its owner downloads it, and old
files are purged after a week."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from ourvoice.accounts.models import Role
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.catalogue import poster_jobs, posters
from ourvoice.catalogue.models import PosterJob
from ourvoice.catalogue.poster_jobs import poster_job_run, poster_jobs_purge
from ourvoice.core.tests.test_csp import assert_strict_policy, inline_code
from ourvoice.geo.models import District

pytestmark = pytest.mark.django_db
ADMIN = "/en/admin/"
CHOOSER = f"{ADMIN}catalogue/service/posters/"


def _job_url(job: PosterJob) -> str:
    return f"{CHOOSER}jobs/{job.pk}/"


def _queue(client: Any, capture: Any, **query: str) -> PosterJob:
    """Ask for posters from the chooser; the task runs once the request's transaction commits."""
    with capture(execute=True):
        response = client.post(CHOOSER, query)
    assert response.status_code == 302
    job = PosterJob.objects.latest("pk")
    assert response["Location"] == _job_url(job)
    return job


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_a_district_is_queued_made_in_the_background_and_downloaded_by_its_owner(
    area, verified_admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    seen: list[int] = []
    record = poster_jobs.job_progress

    def progress(*, job: PosterJob, percent: int) -> None:
        seen.append(percent)
        record(job=job, percent=percent)

    monkeypatch.setattr(poster_jobs, "job_progress", progress)
    monkeypatch.setattr(posters, "POSTER_PART", 2)  # two parts: the bar moves between them
    job = _queue(verified_admin_client, django_capture_on_commit_callbacks, district=area.district.code)
    job.refresh_from_db()
    assert (job.status, job.progress, job.pages, job.name) == (
        "done",
        100,
        4,
        f"district-{area.district.code}",
    )
    assert seen == [47, 95]
    page = verified_admin_client.get(_job_url(job))
    text = page.content.decode()
    assert page.status_code == 200 and 'http-equiv="refresh"' not in text
    download = f"{_job_url(job)}download/"
    assert f'href="{download}"' in text and "4 pages" in text
    assert_strict_policy(page)
    assert inline_code(page) == []
    response = verified_admin_client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="posters-district-{area.district.code}-{job.pk}.pdf"'
    )
    assert _pages(response.content) == 4
    # Laid out in two parts, yet each font is embedded once (one font configuration).
    resources: list[Any] = [page["/Resources"] for page in PdfReader(io.BytesIO(response.content)).pages]
    fonts = [{font.idnum for font in page["/Font"].values()} for page in resources]
    assert fonts[0] and all(page == fonts[0] for page in fonts)
    assert default_storage.exists(job.file)


def test_the_request_only_queues_and_the_page_refreshes_itself_while_waiting(
    area, verified_admin_client, monkeypatch
):
    def no_pdf_in_the_request(**kwargs: Any) -> bytes:
        raise AssertionError("a PDF was rendered in the web request")

    monkeypatch.setattr(poster_jobs, "posters_pdf", no_pdf_in_the_request)
    monkeypatch.setattr("ourvoice.catalogue.admin_posters.posters_pdf", no_pdf_in_the_request)
    # GET never changes state: it shows the form and queues nothing.
    assert verified_admin_client.get(CHOOSER, {"province": area.province.code}).status_code == 200
    assert not PosterJob.objects.exists()
    # The transaction of a test never commits: the queued task does not run.
    response = verified_admin_client.post(CHOOSER, {"province": area.province.code})
    job = PosterJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert (job.status, job.file, len(job.offices)) == ("pending", "", 6)
    page = verified_admin_client.get(_job_url(job))
    text = page.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in text
    assert '<progress id="poster-progress" max="100" value="0">' in text
    assert 'for="poster-progress"' in text and "download/" not in text
    assert inline_code(page) == []
    assert verified_admin_client.get(f"{_job_url(job)}download/").status_code == 404


def test_the_office_list_action_queues_the_selected_offices_in_order(
    area, verified_admin_client, django_capture_on_commit_callbacks
):
    selected = {"action": "print_posters", "_selected_action": [area.commune_office.pk, area.owso.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_admin_client.post(f"{ADMIN}offices/office/", selected)
    job = PosterJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    job.refresh_from_db()
    assert job.status == "done" and job.offices == [area.owso.pk, area.commune_office.pk]
    assert _pages(verified_admin_client.get(f"{_job_url(job)}download/").content) == 2


def test_another_administrator_gets_404_and_other_staff_cannot_reach_it(
    area, verified_admin_client, django_capture_on_commit_callbacks, staff, client
):
    job = _queue(verified_admin_client, django_capture_on_commit_callbacks, district=area.district.code)
    links = [_job_url(job), f"{_job_url(job)}download/"]
    other_admin = client_for(staff(Role.SYSTEM_ADMIN, is_staff=True))
    assert other_admin.get(CHOOSER).status_code == 200  # a real administrator of the admin site
    head = client_for(staff(Role.OFFICE_HEAD, area.commune_office))
    for link in links:
        assert other_admin.get(link).status_code == 404
        anonymous, denied = client.get(link), head.get(link)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
        assert denied.status_code in (302, 403) and not denied.content.startswith(b"%PDF")
    assert other_admin.get(f"{CHOOSER}jobs/{job.pk + 1000}/").status_code == 404


def test_a_district_without_offices_is_a_form_error_and_no_job(area, verified_admin_client):
    empty = District.objects.create(
        code="1799", name_km="ស្រុកថ្មី", name_en="New", type="district", province=area.province
    )
    response = verified_admin_client.post(CHOOSER, {"district": empty.code})
    assert response.status_code == 400
    assert "No office in this district or province." in response.content.decode()
    assert not PosterJob.objects.exists()


def test_a_failed_job_says_why_and_running_twice_is_safe(area, verified_admin_client, staff, monkeypatch):
    from ourvoice.accounts.models import User

    owner = User.objects.get(username="root")
    job = PosterJob.objects.create(owner=owner, offices=[area.owso.pk], name="selected")

    def broken(**kwargs: Any) -> bytes:
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(poster_jobs, "posters_pdf", broken)
    assert poster_job_run(job_id=job.pk) == "failed"
    assert poster_job_run(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.error, job.file) == ("failed", "")
    text = verified_admin_client.get(_job_url(job)).content.decode()
    assert "The posters could not be made. Try again later." in text and 'http-equiv="refresh"' not in text
    # An owner who is no longer a system administrator: refused when the task runs.
    owner.role, owner.is_staff = Role.OFFICE_HEAD, False
    owner.save(update_fields=["role", "is_staff"])
    second = PosterJob.objects.create(owner=owner, offices=[area.owso.pk], name="selected")
    assert poster_job_run(job_id=second.pk) == "failed"
    second.refresh_from_db()
    assert second.error == "not_permitted"


def test_khmer_error_message_on_the_job_page(area, verified_admin_client):
    from ourvoice.accounts.models import User

    job = PosterJob.objects.create(
        owner=User.objects.get(username="root"),
        offices=[],
        name="selected",
        status="failed",
        error="no_offices",
    )
    text = verified_admin_client.get(f"/km/admin/catalogue/service/posters/jobs/{job.pk}/").content.decode()
    assert "None of these offices exists any more." not in text
    assert "ការិយាល័យទាំងនេះលែងមានទៀតហើយ។" in text
    assert 'role="alert"' in text


def test_old_poster_files_are_purged(area, verified_admin_client, django_capture_on_commit_callbacks):
    old = _queue(verified_admin_client, django_capture_on_commit_callbacks, district=area.district.code)
    new = _queue(verified_admin_client, django_capture_on_commit_callbacks, district=area.district.code)
    old.refresh_from_db()
    assert default_storage.exists(old.file)
    PosterJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert poster_jobs_purge() == 1
    assert not default_storage.exists(old.file)
    assert list(PosterJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert verified_admin_client.get(_job_url(old)).status_code == 404


def test_the_worker_finds_the_poster_tasks():
    """``run_huey`` imports only modules named ``tasks``: catalogue/tasks.py holds them."""
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    assert "ourvoice.catalogue.tasks.run_posters" in HUEY._registry._registry
    assert "ourvoice.catalogue.tasks.purge_posters" in HUEY._registry._registry
