"""The oversight dashboard in a real browser on a 360-px phone: keyboard only, axe, CSP, no scroll."""

import pytest

from ourvoice.accounts.models import Role, User
from ourvoice.analytics.services import analytics_refresh
from ourvoice.feedback.models import Kind
from ourvoice.feedback.services import feedback_submit
from tests.e2e.conftest import assert_page_is_accessible_and_local, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _national_user(office) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX

    user = User.objects.create(username="national-e2e", role=Role.NATIONAL_OVERSIGHT, office=office)
    TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    return user


def test_national_oversight_filters_compares_and_sorts_with_the_keyboard(
    phone, live_server, area, starter_categories, make_input
):
    for kind in [Kind.COMPLAINT] * 6 + [Kind.SUPPORT] * 5:
        feedback_submit(data=make_input(kind=kind))
    analytics_refresh()
    base = live_server.url
    sign_in_page(phone, base, _national_user(area.national))

    phone.goto(f"{base}/km/staff/analytics/")
    assert phone.locator("td[data-indicator=reports]").inner_text() == "១១"
    assert phone.locator("svg.ov-map").count() == 1
    assert_page_is_accessible_and_local(phone, base)

    # Only complaints: the kind select, changed and submitted from the keyboard.
    phone.locator("#id_kind").focus()
    phone.keyboard.press("ArrowDown")  # from "all kinds" to the first kind, complaints
    phone.locator(".dash-filters button[type=submit]").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/staff/analytics/?*kind=complaint*")
    assert phone.locator("#id_kind").input_value() == Kind.COMPLAINT
    assert phone.locator("td[data-indicator=reports]").inner_text() == "៦"
    assert_page_is_accessible_and_local(phone, base)

    phone.locator("a[href*='/staff/analytics/compare/']").first.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/staff/analytics/compare/?*kind=complaint*")
    assert phone.locator("th[aria-sort=ascending]").count() == 1
    assert_page_is_accessible_and_local(phone, base)

    # Sort by this period's value, from the keyboard; the header says how the table is sorted.
    phone.locator("a.dash-sort[href*='sort=value']").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**sort=value*")
    sorted_header = phone.locator("th[aria-sort]")
    assert sorted_header.count() == 1
    assert sorted_header.get_attribute("aria-sort") == "ascending"
    assert "sort=-value" in (sorted_header.locator("a").get_attribute("href") or "")
    assert phone.locator("td[data-cell=value]").first.inner_text() == "៦"
    assert_page_is_accessible_and_local(phone, base)
