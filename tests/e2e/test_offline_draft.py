"""Issue 3 point 5: a report sent while offline waits on the device, visibly, and is sent once
when the connection returns – in Debian's Chromium with the network really cut."""

import time

import pytest

from ourvoice.feedback.models import Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_offline_report_waits_and_is_sent_once_when_back_online(
    phone, live_server, area, starter_categories
):
    office, commune = area.commune_office, area.commune
    query = f"commune={commune.code}&office={office.pk}&category=slow-service"
    url = f"{live_server.url}/km/submit/complaint/form/?{query}"
    phone.goto(url)
    phone.check("#id_about_office_1")  # not about the office or its staff
    phone.fill("textarea[name=description]", "ផ្ញើពេលគ្មានអ៊ីនធឺណិត")

    phone.context.set_offline(True)
    phone.locator("form button[type=submit]").last.click()
    phone.locator("#offline-notice").wait_for(state="visible")

    # A reload while offline would lose nothing either: the draft is on the device.
    assert "ផ្ញើពេលគ្មានអ៊ីនធឺណិត" in phone.evaluate("JSON.stringify(Object.assign({}, localStorage))")

    phone.context.set_offline(False)
    phone.wait_for_url(f"{live_server.url}/km/receipt/")
    phone.wait_for_load_state("networkidle")
    time.sleep(1)  # a second send, if any, would have arrived by now
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().description == "ផ្ញើពេលគ្មានអ៊ីនធឺណិត"
