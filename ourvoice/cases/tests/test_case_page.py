"""The case page and its actions, through the pages staff use (points 2, 3, 7, 8, 10 of issue 4)."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest

from ourvoice.accounts.models import Role
from ourvoice.cases.models import CaseEvent, Status
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.cases.tests.test_access import _attach
from ourvoice.feedback.models import Attachment, DuplicateLink
from ourvoice.messaging.models import ResponseTemplate

pytestmark = pytest.mark.django_db


def _url(case, action=""):
    return f"/en/staff/cases/{case.pk}/" + (f"{action}/" if action else "")


def _reads(case, what):
    return case.events.filter(type=CaseEvent.Type.READ, reason=what)


def test_page_shows_what_the_citizen_gave_by_allowlist_and_audits_the_read(area, submit, staff):
    case = submit(
        "The road <script>alert(1)</script> is broken",
        category="unofficial-fee",
        official_fee=5000,
        amount_paid=20000,
        receipt_given=False,
        answers={"who_asked": "counter_staff"},
        gender="female",
    )
    ResponseTemplate.objects.create(name="Thanks", body_km="អរគុណ", body_en="Thank you")
    # An unofficial fee is by nature about the office: the case is at its ombudsman.
    assert (case.office, case.hidden_from) == (area.district_ombudsman, area.commune_office)
    user = staff(Role.OMBUDSMAN, area.district_ombudsman, first_name="Sokha")
    response = client_for(user).get(_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "Who asked for the money?" in html and "Staff at the counter" in html
    assert "Female" in html and "Thank you" in html
    assert "15,000" in html or "15000" in html  # overcharge
    for technical in (case.feedback.secret_hash, "idempotency", "search_seg", case.feedback.search_seg):
        assert technical not in html
    # The submission date, never the time.
    assert case.feedback.submitted_at.strftime("%H:%M:%S") not in html
    [read] = _reads(case, "page")
    assert read.actor == user and not read.public


def test_message_note_and_status_changes(area, submit, staff):
    case = submit()
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    client = client_for(user)
    page = client.get(_url(case)).content.decode()
    assert 'value="acknowledged"' in page and 'value="closed"' not in page  # allowed targets only
    assert client.post(_url(case, "status"), {"to_status": "acknowledged"}).status_code == 302
    response = client.post(_url(case, "message"), {"body": "Which office?", "ask_citizen": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert case.messages.get().author == user
    client.post(_url(case, "note"), {"text": "Called the clerk"})
    note = case.events.get(type=CaseEvent.Type.NOTE)
    assert not note.public and note.actor == user
    # Rejecting needs a reason; an illegal move is refused.
    assert client.post(_url(case, "status"), {"to_status": "rejected", "reason": ""}).status_code == 400
    assert client.post(_url(case, "status"), {"to_status": "closed"}).status_code == 400
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert (
        client.post(_url(case, "status"), {"to_status": "rejected", "reason": "Not ours"}).status_code == 302
    )
    case.refresh_from_db()
    assert case.status == Status.REJECTED
    page = client.get(_url(case)).content.decode()
    assert "Called the clerk" in page and user.username in page


def test_assign_only_to_colleagues_of_the_handling_office(area, submit, staff):
    case = submit()
    head = staff(Role.OFFICE_HEAD, area.commune_office)
    colleague = staff(Role.OFFICE_STAFF, area.commune_office)
    stranger = staff(Role.OFFICE_STAFF, area.other_commune_office)
    client = client_for(head)
    assert client.post(_url(case, "assign"), {"assignee": stranger.pk}).status_code == 400
    assert client.post(_url(case, "assign"), {"assignee": colleague.pk}).status_code == 302
    case.refresh_from_db()
    assert case.assignee == colleague
    mine = client_for(colleague).get("/en/staff/cases/", {"tab": "mine"})
    assert [c.pk for c in mine.context["page"].object_list] == [case.pk]


def test_transfer_with_a_reason_never_to_the_hidden_office(area, submit, staff):
    about = submit("rude clerk", category="staff-conduct")  # at the district ombudsman
    client = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))
    response = client.post(_url(about, "transfer"), {"office": area.commune_office.pk, "reason": "x"})
    assert response.status_code == 400
    assert client.post(_url(about, "transfer"), {"office": area.owso.pk, "reason": ""}).status_code == 400
    response = client.post(
        _url(about, "transfer"), {"office": area.provincial_ombudsman.pk, "reason": "Level"}
    )
    assert response.status_code == 302
    about.refresh_from_db()
    assert about.office == area.provincial_ombudsman and about.status == Status.RECEIVED
    event = about.events.get(type=CaseEvent.Type.TRANSFERRED)
    assert event.reason == "Level" and event.office == area.provincial_ombudsman


def test_sensitive_case_cannot_go_to_the_accused_office(area, submit, staff):
    case = submit("harassment", category="sexual-harassment")
    client = client_for(staff(Role.OMBUDSMAN, area.provincial_ombudsman, is_focal_point=True))
    page = client.get(_url(case))
    assert area.commune_office.pk not in dict(page.context["forms"]["transfer"].fields["office"].choices)
    response = client.post(_url(case, "transfer"), {"office": area.commune_office.pk, "reason": "x"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.office == area.provincial_ombudsman


def test_contact_shown_to_the_head_only_and_audited(area, submit, staff):
    case = submit(contact_consent=True, contact_phone="012345678")
    clerk = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    assert "012345678" not in clerk.get(_url(case)).content.decode()
    assert clerk.post(_url(case, "contact")).status_code == 403
    head = staff(Role.OFFICE_HEAD, area.commune_office)
    client = client_for(head)
    assert "012345678" not in client.get(_url(case)).content.decode()
    response = client.post(_url(case, "contact"))
    assert response.status_code == 200 and "012345678" in response.content.decode()
    assert _reads(case, "contact").get().actor == head
    assert client.get(_url(case, "contact")).status_code == 405  # GET never reveals


def test_file_download_is_checked_headed_and_audited(area, submit, staff):
    case = submit()
    attachment = _attach(case, b"%PDF-1.4 <html>")
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    response = client_for(user).get(f"{_url(case)}files/{attachment.pk}/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 <html>"
    assert response["Content-Disposition"].startswith("attachment;")
    # The file is named by the case's reference, never by any digit of the receipt.
    assert f'filename="{case.feedback.reference}-{attachment.pk}.' in response["Content-Disposition"]
    assert case.feedback.locator not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert _reads(case, f"file {attachment.pk}").get().actor == user
    # The inline player is for voice notes only; a file of another case is a 404.
    assert client_for(user).get(f"{_url(case)}files/{attachment.pk}/play/").status_code == 404
    Attachment.objects.filter(pk=attachment.pk).update(file_kind="audio", content_type="audio/ogg")
    played = client_for(user).get(f"{_url(case)}files/{attachment.pk}/play/")
    assert played.status_code == 200 and played["Content-Disposition"].startswith("inline;")
    other = submit()
    assert client_for(user).get(f"{_url(other)}files/{attachment.pk}/").status_code == 404


def test_similar_cases_and_marking_a_duplicate(area, submit, staff):
    original = submit("ផ្លូវខូចនៅភូមិយើង road broken")
    duplicate = submit("ផ្លូវខូចម្ដងទៀត road")
    submit("ផ្លូវខូច", category="other-complaint")  # another category
    submit("ខ្ញុំចង់ដឹងពីថ្លៃសេវា")  # nothing in common
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    similar = client.get(_url(duplicate)).context["similar"]
    assert [s.case.pk for s in similar] == [original.pk]
    response = client.post(_url(duplicate, "duplicate"), {"original": original.pk})
    assert response.status_code == 302
    link = DuplicateLink.objects.get()
    assert (link.duplicate, link.original) == (duplicate.feedback, original.feedback)
    # The notes name the other case by its reference, never by any digit of its receipt.
    assert duplicate.events.filter(
        type=CaseEvent.Type.NOTE, reason__contains=original.feedback.reference
    ).exists()
    assert original.events.filter(
        type=CaseEvent.Type.NOTE, reason__contains=duplicate.feedback.reference
    ).exists()
    page = client.get(_url(duplicate)).content.decode()
    assert original.feedback.reference in page
    for case in (original, duplicate):
        assert not CaseEvent.objects.filter(reason__contains=case.feedback.locator).exists()
        assert case.feedback.locator not in page
    # An invisible "original" is a 404, like an unknown one.
    hidden = submit("ផ្លូវខូច", office=area.other_commune_office)
    assert client.post(_url(original, "duplicate"), {"original": hidden.pk}).status_code == 404


def test_events_are_read_only_in_the_admin(area, submit, staff):
    from ourvoice.accounts.admin import admin_site

    submit()
    model_admin = admin_site._registry[CaseEvent]
    admin = staff(Role.SYSTEM_ADMIN, is_staff=True)
    client = client_for(admin)
    assert client.get("/en/admin/cases/caseevent/").status_code == 200
    event = CaseEvent.objects.earliest("pk")
    assert client.get(f"/en/admin/cases/caseevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/en/admin/cases/caseevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/en/admin/cases/caseevent/add/").status_code == 403
    assert CaseEvent.objects.filter(pk=event.pk).exists()
    assert not model_admin.has_change_permission(None)


def test_pages_render_in_khmer(area, submit, staff):
    case = submit(answers={"days_waited": 12, "told_deadline": True})
    client = client_for(staff(Role.OFFICE_HEAD, area.commune_office))
    page = client.get(f"/km/staff/cases/{case.pk}/").content.decode()
    assert "អ្វីដែលពលរដ្ឋបានផ្តល់" in page and "តើអ្នកបានរង់ចាំប៉ុន្មានថ្ងៃ?" in page and "១២" in page
    inbox = client.get("/km/staff/cases/").content.decode()
    assert case.feedback.reference in inbox
    assert case.feedback.locator.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) not in inbox


def test_staff_see_who_a_complaint_is_about_and_why_it_reached_them(area, submit, staff):
    case = submit("The chief shouts at us.", category="other-complaint", about_office=True)
    html = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman)).get(_url(case)).content.decode()
    assert "Complaint about" in html and "Sla Kram office" in html
    assert "The citizen said it is about this office or someone who works there." in html
    assert "That office cannot see this case, and it cannot be sent there." in html
    fee = submit("They asked for 20,000 riel.", category="unofficial-fee")
    html = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman)).get(_url(fee)).content.decode()
    assert "Complaints on this topic are always about the office." in html


def test_a_reply_starts_from_a_response_template_by_a_link(area, submit, staff):
    """Reply from a template without copying: the template's link fills the message (no script);
    another office's template, or one that does not exist, fills nothing."""
    case = submit()
    mine = ResponseTemplate.objects.create(name="Thanks", body_km="អរគុណសម្រាប់របាយការណ៍", body_en="Thank you")
    other = ResponseTemplate.objects.create(name="Other", body_km="ផ្សេង", office=area.other_commune_office)
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    page = client.get(_url(case)).content.decode()
    assert f'href="?template={mine.pk}&amp;text=km#reply"' in page
    assert f"?template={other.pk}" not in page

    def reply(**query: str | int) -> str:
        return client.get(_url(case), query).context["forms"]["message"]["body"].value() or ""

    assert reply(template=mine.pk, text="km") == "អរគុណសម្រាប់របាយការណ៍"
    assert reply(template=mine.pk, text="en") == "Thank you"
    assert reply(template=other.pk) == "" and reply(template="x") == "" and reply(template=10**15) == ""
