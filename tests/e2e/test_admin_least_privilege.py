"""The pages issue 15 changed for system administrators, in Khmer, at 360 px and 1366 px: the
admin's audit log of case events (dates, no text) and the empty case inbox (no server error).
axe-core finds nothing serious beyond two findings of every Django admin changelist (STOCK_ADMIN:
breadcrumb links told apart by colour only, filter links under 24 px), which our change adds
nothing to. ``OURVOICE_SCREENSHOTS=<folder>`` keeps a screenshot of each page for a human look."""

import os
from pathlib import Path

import pytest

from ourvoice.accounts.models import Role, User
from ourvoice.cases.models import CaseEvent
from ourvoice.feedback.models import Category, Channel
from ourvoice.feedback.services import FeedbackInput, feedback_submit
from tests.e2e.conftest import axe_violations, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Markerinternalnote"
STOCK_ADMIN = {"link-in-text-block", "target-size"}


@pytest.mark.parametrize("width", [360, 1366])
def test_the_audit_log_and_the_inbox_of_a_system_administrator(
    browser, live_server, area, starter_categories, width
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX

    category = Category.objects.get(code="slow-service")
    case = feedback_submit(
        data=FeedbackInput(
            kind=category.kind,
            category=category,
            description="ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។",
            channel=Channel.WEB,
            commune=area.commune,
            office=area.commune_office,
            about_office=False,
        )
    ).case
    CaseEvent.objects.create(case=case, type=CaseEvent.Type.NOTE, reason=NOTE, public=False)
    admin = User.objects.create(
        username="sysadmin-e2e", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True
    )
    TOTPDevice.objects.create(user=admin, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="km-KH")
    page = context.new_page()
    sign_in_page(page, live_server.url, admin)
    event = CaseEvent.objects.filter(type=CaseEvent.Type.NOTE).get()
    shots = os.environ.get("OURVOICE_SCREENSHOTS")
    try:
        for name, path in (
            ("events", "/km/admin/cases/caseevent/"),
            ("event", f"/km/admin/cases/caseevent/{event.pk}/change/"),
            ("inbox", "/km/staff/cases/"),
        ):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert NOTE not in page.content()
            found = {violation["id"] for violation in axe_violations(page)}
            assert found <= (STOCK_ADMIN if name == "events" else set()), (path, found)
            if shots:
                page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
