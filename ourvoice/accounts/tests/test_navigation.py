"""Each role's staff home links to what it may use, and every link answers (issue 16 point 4);
office heads print their office's QR poster and oversight staff the posters of their area, from
the staff pages, with the configured site address in the QR code."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from ourvoice.accounts.models import Role
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.catalogue.models import PosterJob

pytestmark = pytest.mark.django_db

EXPECTED = {
    Role.OFFICE_STAFF: {"inbox", "notifications", "intake", "dashboard", "comparison", "exports"},
    Role.OFFICE_HEAD: {
        "inbox",
        "notifications",
        "intake",
        "dashboard",
        "comparison",
        "exports",
        "case_list",
        "posters",
    },
    Role.OMBUDSMAN: {
        "inbox",
        "notifications",
        "intake",
        "dashboard",
        "comparison",
        "exports",
        "case_list",
        "posters",
    },
    Role.PROVINCIAL_ADMIN: {
        "inbox",
        "notifications",
        "dashboard",
        "comparison",
        "exports",
        "reports",
        "case_list",
        "posters",
    },
    Role.NATIONAL_OVERSIGHT: {
        "inbox",
        "notifications",
        "dashboard",
        "comparison",
        "exports",
        "reports",
        "case_list",
        "posters",
    },
    Role.SYSTEM_ADMIN: {"dashboard", "comparison", "exports", "reports", "posters", "admin"},
}


def user_of(role: str, area: Any, staff: Any) -> Any:
    where: dict[str, Any] = {
        Role.OFFICE_STAFF: {"office": area.commune_office},
        Role.OFFICE_HEAD: {"office": area.commune_office},
        Role.OMBUDSMAN: {"office": area.district_ombudsman},
        Role.PROVINCIAL_ADMIN: {"province": area.province},
        Role.NATIONAL_OVERSIGHT: {"office": area.national},
        Role.SYSTEM_ADMIN: {"is_staff": True},
    }[Role(role)]
    return staff(role, **where)


def _links(html: str) -> dict[str, str]:
    return dict((key, url) for url, key in re.findall(r'href="([^"]+)" data-link="([^"]+)"', html))


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_roles_home_links_to_what_it_may_use_and_every_link_answers(role, area, staff):
    client = client_for(user_of(role, area, staff))
    for language in ("km", "en"):
        home = client.get(f"/{language}/staff/")
        links = _links(home.content.decode())
        assert set(links) == EXPECTED[role], role
        for key, url in links.items():
            response = client.get(url.replace("&amp;", "&"))
            assert response.status_code == 200, (role, key, url, response.status_code)


def test_an_office_head_prints_their_own_offices_poster_and_no_other(area, staff, settings):
    settings.OURVOICE_SITE_URL = "http://192.168.1.20:8080"
    head = client_for(user_of(Role.OFFICE_HEAD, area, staff))
    page = head.get("/km/staff/posters/")
    assert page.status_code == 200
    own = f"/km/staff/posters/offices/{area.commune_office.pk}.pdf"
    assert own in page.content.decode()
    assert 'name="area"' not in page.content.decode()  # no area for an office head
    pdf = head.get(own)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert f"192.168.1.20:8080/km/o/{area.commune_office.pk}/" in text.replace("\n", "")
    assert head.get(f"/km/staff/posters/offices/{area.other_commune_office.pk}.pdf").status_code == 404
    office_page = head.get(f"/en/staff/offices/{area.commune_office.pk}/").content.decode()
    assert f"/en/staff/posters/offices/{area.commune_office.pk}.pdf" in office_page


def test_office_staff_have_no_posters(area, staff):
    clerk = client_for(user_of(Role.OFFICE_STAFF, area, staff))
    assert clerk.get("/km/staff/posters/").status_code == 404
    assert clerk.get(f"/km/staff/posters/offices/{area.commune_office.pk}.pdf").status_code == 404
    office_page = clerk.get(f"/en/staff/offices/{area.commune_office.pk}/").content.decode()
    assert "/staff/posters/" not in office_page


def test_an_ombudsman_prints_the_posters_of_their_district_in_the_background(
    area, staff, django_capture_on_commit_callbacks
):
    ombudsman = user_of(Role.OMBUDSMAN, area, staff)
    client = client_for(ombudsman)
    page = client.get("/en/staff/posters/").content.decode()
    assert f'value="district-{area.district.code}"' in page
    assert f'value="province-{area.province.code}"' not in page  # a district ombudsman's area
    # Any office of the area, one at a time; not the OWSU above it.
    assert client.get(f"/en/staff/posters/offices/{area.owso.pk}.pdf").status_code == 200
    assert client.get(f"/en/staff/posters/offices/{area.owsu.pk}.pdf").status_code == 404
    assert client.post("/en/staff/posters/", {"area": f"province-{area.province.code}"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/staff/posters/", {"area": f"district-{area.district.code}"})
    job = PosterJob.objects.get(owner=ombudsman)
    assert response.status_code == 302 and response["Location"] == f"/en/staff/posters/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == PosterJob.Status.DONE
    assert set(job.offices) == {
        area.district_ombudsman.pk,
        area.owso.pk,
        area.commune_office.pk,
        area.other_commune_office.pk,
    }
    assert "/download/" in client.get(f"/en/staff/posters/jobs/{job.pk}/").content.decode()
    pdf = client.get(f"/en/staff/posters/jobs/{job.pk}/download/")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 4
    # Only its owner sees the job.
    other = client_for(user_of(Role.OMBUDSMAN, area, staff))
    assert other.get(f"/en/staff/posters/jobs/{job.pk}/").status_code == 404


def test_a_poster_job_of_an_office_no_longer_in_the_owners_area_is_refused_when_it_runs(area, staff):
    from ourvoice.catalogue.poster_jobs import poster_job_run

    ombudsman = user_of(Role.OMBUDSMAN, area, staff)
    job = PosterJob.objects.create(owner=ombudsman, offices=[area.owso.pk], name="x")
    outside = PosterJob.objects.create(owner=ombudsman, offices=[area.owso.pk, area.owsu.pk], name="y")
    assert poster_job_run(job_id=job.pk) == PosterJob.Status.DONE
    assert poster_job_run(job_id=outside.pk) == PosterJob.Status.FAILED
    outside.refresh_from_db()
    assert outside.error == "not_permitted"
