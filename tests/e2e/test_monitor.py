"""An independent monitor on a 360-px phone, in Khmer: the staff home's links and a de-identified
case page, with axe-core and the site's CSP (issue 16, point 7)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import Role, User
from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX
from ourvoice.feedback.services import feedback_submit
from tests.e2e.conftest import PHONE, axe_violations, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _monitor() -> User:
    user = User.objects.create(username="ti-cambodia", role=Role.MONITOR, first_name="TI Cambodia")
    TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    return user


def test_a_monitor_reads_a_deidentified_case_on_a_phone(
    phone, live_server, area, starter_categories, make_input
):
    case = feedback_submit(
        data=make_input(description="ខ្ញុំបានរង់ចាំសំបុត្រកំណើតពីរសប្ដាហ៍។ ទូរស័ព្ទមកខ្ញុំ 012 345 678។")
    ).case
    base = live_server.url
    sign_in_page(phone, base, _monitor())

    phone.goto(f"{base}/km/staff/")
    assert phone.locator("#monitor-heading").inner_text() == "ការតាមដានឯករាជ្យ"
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.goto(f"{base}/km/staff/cases/{case.pk}/")
    text = phone.locator("main").inner_text()
    assert "012 345 678" not in text and "[…]" in text
    assert phone.locator("form[action*='/contact/'], a[href*='/files/']").count() == 0
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
