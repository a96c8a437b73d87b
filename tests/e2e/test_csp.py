"""The pages work under the site's Content-Security-Policy (SECURITY.md F2), in Debian's Chromium.

The ``phone`` and ``desk`` fixtures fail a test on any CSP violation. These tests use what the
policy could break: the voice recorder (a fake microphone; blob: playback), the offline service
worker, the receipt image, a staff case page with a voice note, the API docs (Swagger UI) and the
admin pages our administrators use.
"""

import pytest
from django.utils import translation

from ourvoice.accounts.models import Role, User
from ourvoice.feedback.models import Attachment, Category, Channel, Feedback
from ourvoice.feedback.services import FeedbackInput, Upload, feedback_submit
from ourvoice.feedback.tests.test_files import audio_with_tags
from tests.e2e.conftest import assert_page_is_accessible_and_local, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT_FOR_MEDIA = """
async (selector) => {
  const audio = document.querySelector(selector);
  return await new Promise((resolve) => {
    audio.addEventListener("loadedmetadata", () => resolve("loaded"), { once: true });
    audio.addEventListener("error", () => resolve("error"), { once: true });
    audio.preload = "metadata";
    audio.load();
  });
}
"""


def test_recorder_service_worker_and_receipt_image_under_the_policy(
    phone, live_server, area, starter_categories
):
    base = live_server.url
    query = f"commune={area.commune.code}&office={area.commune_office.pk}&category=slow-service"
    phone.goto(f"{base}/km/submit/complaint/form/?{query}")
    assert phone.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))") is True

    # The recorder: a fake microphone, played back from a blob: address before sending.
    phone.locator("[data-record]").click()
    phone.locator("[data-stop]").wait_for(state="visible")
    phone.wait_for_timeout(1200)
    phone.locator("[data-stop]").click()
    phone.locator("[data-audio]").wait_for(state="visible")
    assert phone.evaluate("document.querySelector('[data-audio]').src").startswith("blob:")
    assert phone.evaluate(WAIT_FOR_MEDIA, "[data-audio]") == "loaded"

    phone.check("#id_about_office_1")  # not about the office or its staff
    phone.fill("textarea[name=description]", "ខ្ញុំបានថតសំឡេងអំពីការរង់ចាំយូរ។")
    phone.locator("details.optional-section summary").last.click()  # "May the office contact you?"
    phone.check("input[name=contact_consent]")
    phone.fill("input[name=contact_phone]", "012 345 678")
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(f"{base}/km/receipt/")
    assert_page_is_accessible_and_local(phone, base)
    assert Attachment.objects.get().file_kind == Attachment.FileKind.AUDIO
    receipt = phone.locator("input[name=receipt]").first.input_value()

    # The receipt as an image, downloaded from a POST.
    with phone.expect_download() as download:
        phone.locator("form[action$='/receipt/image/'] button[type=submit]").click()
    assert download.value.suggested_filename == "our-voice-receipt.png"

    # The tracking page: the citizen removes their contact details (SECURITY.md C5).
    phone.goto(f"{base}/km/track/")
    phone.fill("input[name=receipt]", receipt)
    with phone.expect_navigation():
        phone.locator("form.track-form button[type=submit]").click()
    assert_page_is_accessible_and_local(phone, base)
    with translation.override("km"):
        remove = translation.gettext("Remove my contact details")
    with phone.expect_navigation():
        phone.get_by_role("button", name=remove).click()
    assert_page_is_accessible_and_local(phone, base)
    assert phone.get_by_role("button", name=remove).count() == 0
    assert Feedback.objects.get().contact_ciphertext is None

    # Offline, a page of the submission flow comes from the service worker's cache.
    phone.goto(f"{base}/km/submit/complaint/form/?{query}")
    phone.evaluate("navigator.serviceWorker.ready")
    phone.context.set_offline(True)
    phone.goto(f"{base}/km/submit/complaint/")
    with translation.override("km"):
        assert phone.locator("h1").inner_text() == translation.gettext("You are offline")
    phone.context.set_offline(False)


def _voice_note_case(office):
    category = Category.objects.get(code="slow-service")
    data = FeedbackInput(
        kind=category.kind,
        category=category,
        description="The office asked for a fee twice.",
        channel=Channel.WEB,
        office=office,
        about_office=False,
    )
    return feedback_submit(data=data, uploads=[Upload(name="note.webm", data=audio_with_tags())]).case


def _user(role: str, **fields) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX

    user = User.objects.create(username=f"{role}-e2e", role=role, **fields)
    TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    return user


def test_a_staff_case_page_with_a_voice_note_and_the_api_docs(desk, live_server, area, starter_categories):
    base = live_server.url
    case = _voice_note_case(area.commune_office)
    sign_in_page(desk, base, _user(Role.OFFICE_STAFF, office=area.commune_office))
    desk.goto(f"{base}/en/staff/cases/")
    desk.get_by_role("link", name=case.feedback.reference).first.click()
    desk.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert desk.evaluate(WAIT_FOR_MEDIA, ".case-files audio") == "loaded"

    desk.goto(f"{base}/api/v1/docs/")
    # Swagger UI ran (scripts from this site only) and drew the operations of the schema.
    desk.wait_for_function("() => document.querySelectorAll('.swagger-ui .opblock').length > 5")
    assert desk.locator(".swagger-ui .opblock").first.is_visible()


def test_the_admin_pages_work_under_the_policy(desk, live_server, area, starter_categories):
    base = live_server.url
    admin = _user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    sign_in_page(desk, base, admin)
    admin_url = f"{base}/en/admin/"
    for path in (
        "",
        "catalogue/service/",
        "catalogue/service/add/",
        "catalogue/service/posters/",
        "catalogue/publicanswer/",
        "apikeys/apikey/",
        "apikeys/apikey/add/",
        "accounts/user/",
        f"accounts/user/{admin.pk}/change/",
        "offices/office/",
        f"offices/office/{area.commune_office.pk}/change/",
        "feedback/category/",
        "cases/deadlinerule/",
    ):
        response = desk.goto(admin_url + path)
        assert response.status == 200, path
        assert desk.locator("#content").count() == 1, path

    # An API key is issued and shown once.
    desk.goto(admin_url + "apikeys/apikey/add/")
    desk.fill("input[name=name]", "Partner app")
    with desk.expect_navigation():
        desk.locator("input[name=_save]").click()
    assert len(desk.locator("#issued-key").input_value()) > 20

    # Posters of a district: the chooser queues a job; its page (progress, then the link) is clean.
    desk.goto(admin_url + "catalogue/service/posters/")
    desk.select_option("select[name=district]", value=area.district.code)
    with desk.expect_navigation():
        desk.locator("input[type=submit]").click()
    assert "/catalogue/service/posters/jobs/" in desk.url
    assert desk.locator("a[href$='/download/']").count() + desk.locator("progress").count() == 1

    # A changelist's select-all box (admin/js/actions.js) ticks every row.
    desk.goto(admin_url + "offices/office/")
    desk.locator("#action-toggle").check()
    assert desk.locator("input.action-select:checked").count() == desk.locator("input.action-select").count()

    # Export: the "Select all" box (bound by our script, not an inline handler) clears the fields.
    desk.goto(admin_url + "catalogue/service/export/")
    desk.locator("input.select-toggle").uncheck()
    assert desk.locator(".selectable-field-export-row input[type=checkbox]:checked").count() == 0

    # Import: the preview colours its differences without inline styles.
    desk.goto(admin_url + "catalogue/service/import/")
    csv = "code,name_km,name_en,office_types\nnew-service,សេវាថ្មី,New service,commune\n"
    upload = {"name": "services.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    desk.set_input_files("input[name=import_file]", files=[upload])
    desk.select_option("select[name=format]", label="csv")
    desk.locator("input[type=submit]").first.click()
    desk.locator("table.import-preview").wait_for(state="visible")
    assert desk.locator("table.import-preview ins").count() > 0
