"""SECURITY.md C1-C2 through the staff pages: what a user may not see is a 404, everywhere."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest

from ourvoice.accounts.models import Role
from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.feedback.files import CleanFile
from ourvoice.feedback.models import Attachment
from ourvoice.feedback.services import files_store

pytestmark = pytest.mark.django_db


def _attach(case: Case, data: bytes = b"%PDF-1.4 test") -> Attachment:
    [(_clean, name)] = files_store(files=[CleanFile("pdf", "application/pdf", "pdf", data)])
    return Attachment.objects.create(
        feedback=case.feedback,
        file_kind="pdf",
        content_type="application/pdf",
        extension="pdf",
        stored_name=name,
        size=len(data),
    )


def test_official_of_another_office_gets_404_everywhere(area, submit, staff):
    case = submit(office=area.other_commune_office)
    attachment = _attach(case)
    outsider = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    base = f"/en/staff/cases/{case.pk}/"
    assert outsider.get(base).status_code == 404
    assert outsider.get(f"{base}files/{attachment.pk}/").status_code == 404
    assert outsider.post(f"{base}message/", {"body": "hello"}).status_code == 404
    assert outsider.post(f"{base}status/", {"to_status": "acknowledged"}).status_code == 404
    assert outsider.post(f"{base}contact/").status_code == 404
    # The same answer as for a case that does not exist.
    assert outsider.get("/en/staff/cases/999999/").status_code == 404
    case.refresh_from_db()
    assert case.status == "received" and not case.messages.exists()
    assert not case.events.filter(type=CaseEvent.Type.READ).exists()
    insider = client_for(staff(Role.OFFICE_STAFF, area.other_commune_office))
    assert insider.get(base).status_code == 200
    response = insider.get(f"{base}files/{attachment.pk}/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 test"


def test_unverified_staff_see_nothing(area, submit, staff):
    case = submit()
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    from django.test import Client

    client = Client()
    client.force_login(user)  # password only, no second factor
    response = client.get(f"/en/staff/cases/{case.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_hidden_office_never_sees_about_office_or_sensitive_cases(area, submit, staff):
    about = submit("The clerk was rude ផ្លូវ", category="staff-conduct")
    sensitive = submit("harassment at the counter ផ្លូវ", category="sexual-harassment")
    ordinary = submit("slow birth certificate ផ្លូវ")
    assert about.hidden_from == area.commune_office and about.office == area.district_ombudsman
    assert sensitive.hidden_from == area.commune_office and sensitive.office == area.provincial_ombudsman
    for role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD):
        client = client_for(staff(role, area.commune_office, is_focal_point=True))
        for tab in ("new", "closed", "mine"):
            page = client.get("/en/staff/cases/", {"tab": tab, "q": "ផ្លូវ"})
            assert about.feedback.reference not in page.content.decode()
            assert sensitive.feedback.reference not in page.content.decode()
        page = client.get("/en/staff/cases/")
        assert dict(page.context["tabs"])["new"] == 1
        assert ordinary.feedback.reference in page.content.decode()
        assert client.get(f"/en/staff/cases/{about.pk}/").status_code == 404
        assert client.get(f"/en/staff/cases/{sensitive.pk}/").status_code == 404
    # The district ombudsman handles the about-office complaint, never the sensitive one.
    ombudsman = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))
    assert ombudsman.get(f"/en/staff/cases/{about.pk}/").status_code == 200
    assert ombudsman.get(f"/en/staff/cases/{sensitive.pk}/").status_code == 404
    # Sensitive: the focal point of the provincial ombudsman and national oversight only.
    po_focal = client_for(staff(Role.OMBUDSMAN, area.provincial_ombudsman, is_focal_point=True))
    po_other = client_for(staff(Role.OMBUDSMAN, area.provincial_ombudsman))
    national = client_for(staff(Role.NATIONAL_OVERSIGHT, area.national))
    assert po_focal.get(f"/en/staff/cases/{sensitive.pk}/").status_code == 200
    assert po_other.get(f"/en/staff/cases/{sensitive.pk}/").status_code == 404
    assert national.get(f"/en/staff/cases/{sensitive.pk}/").status_code == 200
    # Provincial administration sees the about-office complaint, not the sensitive case.
    admin = client_for(staff(Role.PROVINCIAL_ADMIN, province=area.province))
    assert admin.get(f"/en/staff/cases/{about.pk}/").status_code == 200
    assert admin.get(f"/en/staff/cases/{sensitive.pk}/").status_code == 404
    # System administrators administer; they read no case.
    sysadmin = client_for(staff(Role.SYSTEM_ADMIN))
    assert sysadmin.get(f"/en/staff/cases/{ordinary.pk}/").status_code == 404


def test_overseers_read_but_do_not_act(area, submit, staff):
    case = submit()
    ombudsman = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))
    assert ombudsman.get(f"/en/staff/cases/{case.pk}/").status_code == 200
    assert (
        ombudsman.post(f"/en/staff/cases/{case.pk}/status/", {"to_status": "acknowledged"}).status_code == 403
    )
    case.refresh_from_db()
    assert case.status == "received"
