"""Every response Django produces carries a strict Content-Security-Policy (SECURITY.md F2).

Citizen pages in both languages, a staff page (signed in with TOTP), the admin, the API and its
docs, the service worker, a 404, a 500 and redirects; the attachment view keeps its own sandbox.
The browser tests (tests/e2e) run with this policy and fail on any violation.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import sign_in_verified
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.cases.tests.test_access import _attach

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:", "blob:"},
    "media-src": {"'self'", "blob:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "worker-src": {"'self'"},
    "manifest-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "frame-src": {"'none'"},
}


def directives(header: str) -> dict[str, set[str]]:
    parsed: dict[str, set[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in parsed, f"{name} given twice"
        parsed[name] = set(values)
    return parsed


def assert_strict_policy(response) -> None:
    assert "Content-Security-Policy" in response, response.request["PATH_INFO"]
    policy = directives(response["Content-Security-Policy"])
    assert policy == EXPECTED, response.request["PATH_INFO"]
    for name in ("script-src", "style-src", "default-src"):
        assert not policy[name] & {"'unsafe-inline'", "'unsafe-eval'", "*"}


# What the policy refuses in a page: <style>, style="", on...="" handlers, inline <script>.
INLINE_CODE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def inline_code(response) -> list[str]:
    if not response["Content-Type"].startswith("text/html"):
        return []
    return INLINE_CODE.findall(response.content.decode())


CITIZEN_PAGES = [
    "/km/",
    "/en/",
    "/km/services/",
    "/en/submit/complaint/",
    "/km/track/",
    "/en/receipt/",  # no receipt in the session: answered all the same
    "/km/submit/sw.js",
    "/en/submit/offline/",
    "/km/no/such/page/",  # 404
    "/",  # redirect to the language
    "/en/staff/cases/",  # redirect to the sign-in
    "/en/staff/login/",
    "/healthz",
    "/api/v1/geo/provinces/",
    "/api/v1/docs/",
    "/api/v1/docs/?script=",
    "/api/v1/schema/",
    "/open311/v2/services.json",
]


@pytest.mark.parametrize("url", CITIZEN_PAGES)
def test_public_responses_carry_the_policy(client, area, url):
    response = client.get(url)
    assert response.status_code < 500
    assert_strict_policy(response)
    assert inline_code(response) == []


def test_the_policy_covers_redirects_404s_and_refused_posts(client, area):
    assert client.get("/").status_code == 302
    assert client.get("/km/no/such/page/").status_code == 404
    for response in (
        client.get("/"),
        client.get("/km/no/such/page/"),
        client.post("/api/v1/track/", {"receipt": "1"}, content_type="application/json"),
        client.post("/km/track/", {"receipt": "0000 0000 0000 0000 0000"}),
        client.get("/api/v1/track/"),  # 405
    ):
        assert_strict_policy(response)


@pytest.mark.urls("ourvoice.web.tests.urls")
def test_a_server_error_page_carries_the_policy():
    response = Client(raise_request_exception=False).get("/km/crash/")
    assert response.status_code == 500
    assert_strict_policy(response)


def test_staff_pages_signed_in_with_totp_carry_the_policy(area, submit, staff):
    case = submit()
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    client = client_for(user)
    for url in ("/km/staff/cases/", f"/en/staff/cases/{case.pk}/", "/en/staff/notifications/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert inline_code(response) == [], url
    posted = client.post(f"/en/staff/cases/{case.pk}/note/", {"text": "Called the office."})
    assert posted.status_code == 302
    assert_strict_policy(posted)


def test_the_attachment_view_keeps_its_sandbox(area, submit, staff):
    case = submit()
    attachment = _attach(case)
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    response = client.get(f"/en/staff/cases/{case.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_admin_pages_carry_the_policy(area, staff):
    admin = staff(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    sign_in_verified(client, admin)
    for url in (
        "/en/admin/",
        "/en/admin/catalogue/service/",
        "/en/admin/catalogue/service/add/",
        "/en/admin/catalogue/service/import/",
        "/en/admin/catalogue/service/export/",
        "/en/admin/catalogue/service/posters/",
        "/en/admin/catalogue/publicanswer/",
        "/en/admin/apikeys/apikey/",
        "/en/admin/accounts/user/",
        f"/en/admin/accounts/user/{admin.pk}/change/",
        "/en/admin/offices/office/",
        "/en/admin/feedback/category/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert inline_code(response) == [], url


def test_the_catalogue_import_preview_has_no_inline_styles(area, staff):
    admin = staff(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    sign_in_verified(client, admin)
    csv = "code,name_km,name_en,office_types\nnew-service,សេវាថ្មី,New service,commune\n"
    upload = SimpleUploadedFile("services.csv", csv.encode(), content_type="text/csv")
    response = client.post(
        "/en/admin/catalogue/service/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>New service</ins>" in html  # diff-match-patch's colours come from import.css
    assert inline_code(response) == []
