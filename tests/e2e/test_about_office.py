"""Issue 15 on a 360-px phone in Khmer: the routing question names the office, and the preview of
what would be published follows the answer and the words as they are typed (preview.js), under
the site's CSP and with axe-core."""

import pytest
from django.utils import translation

from ourvoice.feedback.models import Feedback
from tests.e2e.conftest import assert_page_is_accessible_and_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_complaint_about_the_office_previewed_and_sent(phone, live_server, area, starter_categories):
    base = live_server.url
    query = f"commune={area.commune.code}&office={area.owso.pk}&category=other-complaint"
    phone.goto(f"{base}/km/submit/complaint/form/?{query}")
    assert_page_is_accessible_and_local(phone, base)
    with translation.override("km"):
        question = translation.gettext("Is this complaint about %(office)s or someone who works there?")
    assert phone.locator("legend", has_text=area.owso.name_km).inner_text().strip() == (
        question % {"office": area.owso.name_km}
    )
    office = phone.locator("[data-preview-if]:visible").first
    assert area.owso.name_km in office.inner_text() and area.district_ombudsman.name_km in office.inner_text()

    phone.check("#id_about_office_0")  # yes: about the office or someone who works there
    assert (
        phone.locator("[data-preview-if]:visible").first.inner_text().strip()
        == area.district_ombudsman.name_km
    )
    phone.fill("textarea[name=description]", "ប្រធានការិយាល័យស្រែកដាក់យើង។")
    assert phone.locator("[data-preview-text]").inner_text() == "ប្រធានការិយាល័យស្រែកដាក់យើង។"
    phone.check("#id_about_office_1")  # no: the preview follows
    assert phone.locator("[data-preview-if]:visible").first.inner_text().strip() == area.owso.name_km
    phone.check("#id_about_office_0")
    phone.check("input[name=publication_consent]")
    assert_page_is_accessible_and_local(phone, base)

    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(f"{base}/km/receipt/")
    feedback = Feedback.objects.get()
    assert (feedback.about_office, feedback.publication_consent) == (True, True)
    assert (feedback.case.office, feedback.case.hidden_from) == (area.district_ombudsman, area.owso)
