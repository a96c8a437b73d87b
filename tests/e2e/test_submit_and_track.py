"""Issue 3's end-to-end path in Khmer on a 360-px phone: submit a complaint, keep the receipt,
track it with Khmer digits, reply, and rate – in Debian's Chromium, with axe-core on every page."""

import pytest

from ourvoice.cases.models import Case, Status
from ourvoice.cases.services import case_transition
from ourvoice.core.khmer import to_khmer_digits
from tests.e2e.conftest import assert_page_is_accessible_and_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_submits_in_khmer_and_follows_the_case(phone, live_server, area, starter_categories):
    base = live_server.url
    check = lambda: assert_page_is_accessible_and_local(phone, base)  # noqa: E731

    phone.goto(f"{base}/km/")
    check()
    phone.locator("a.action__link").first.click()  # ដាក់ពាក្យបណ្តឹង (complain)
    phone.wait_for_url("**/km/submit/complaint/")
    check()

    # Where? Typed in Khmer, with coeng DA where the gazetteer has coeng TA would also match.
    phone.fill("#place-q", "ស្លក្រាម")
    phone.locator("form.search button[type=submit]").click()
    phone.get_by_role("link", name="ស្លក្រាម").first.click()
    phone.wait_for_url(f"**/commune/{area.commune.code}/**")
    check()

    phone.check(f"#office-{area.commune_office.pk}")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**/topic/**")
    check()
    phone.check("#category-slow-service")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**/form/**")
    check()

    phone.check("#id_about_office_1")  # not about the office or its staff
    phone.fill("textarea[name=description]", "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍ ហើយនៅតែមិនទាន់បាន។")
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(f"{base}/km/receipt/")
    check()
    receipt = phone.locator("input[name=receipt]").first.input_value()
    assert len(receipt) == 20 and receipt.isdigit()
    assert receipt not in phone.url
    khmer_groups = " ".join(to_khmer_digits(receipt[i : i + 4]) for i in range(0, 20, 4))
    assert khmer_groups in phone.locator(".receipt-card__digits").inner_text()

    # Shown once: coming back to the receipt page does not show it again.
    phone.goto(f"{base}/km/receipt/")
    assert receipt not in phone.content()

    # Track with Khmer digits and dashes.
    phone.goto(f"{base}/km/track/")
    check()
    phone.fill("input[name=receipt]", "-".join(to_khmer_digits(receipt[i : i + 4]) for i in range(0, 20, 4)))
    with phone.expect_navigation():
        phone.locator("form.track-form button[type=submit]").click()
    assert phone.url == f"{base}/km/track/case/"
    check()
    assert receipt not in phone.url

    phone.fill("textarea[name=body]", "ខ្ញុំបានទៅម្តងទៀតនៅថ្ងៃច័ន្ទ។")
    with phone.expect_navigation():
        phone.locator("form.reply-form button[type=submit]").click()
    assert "ខ្ញុំបានទៅម្តងទៀតនៅថ្ងៃច័ន្ទ។" in phone.locator("main").inner_text()

    case = Case.objects.get(feedback__locator=receipt[:8])
    for status in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        case = case_transition(case=case, to_status=status, actor=None)
    phone.reload()
    check()
    phone.locator("form.rating-form input[type=radio][value='1']").check()
    with phone.expect_navigation():
        phone.locator("form.rating-form button[type=submit]").click()
    case.refresh_from_db()
    assert case.office == area.district_ombudsman  # a poor rating appealed one level up
    assert case.status == Status.RECEIVED
