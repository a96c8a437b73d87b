"""Issue 16 point 5 in Debian's Chromium, in Khmer on a 360-px phone, with axe-core and the CSP
watch on every page: messages where nothing was chosen, focus on the errors, no bare 405, the
receipt kept, dates and files in the page's language, faces told apart, Khmer words kept whole,
underlines under the subscripts."""

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from ourvoice.core.dates import cambodia_today
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.services import feedback_submit
from tests.e2e.conftest import assert_page_is_accessible_and_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused_summary(page: Any) -> None:
    """The error summary has the focus and is on the screen, with or without scrolling."""
    assert page.evaluate("document.activeElement && document.activeElement.id") == "form-errors"
    top, bottom = page.evaluate(
        "(() => { const r = document.getElementById('form-errors').getBoundingClientRect();"
        " return [r.top, r.bottom]; })()"
    )
    assert 0 <= top < page.viewport_size["height"] and bottom > 0


def _words_never_split(page: Any) -> None:
    """No Khmer word kept whole by |wordbreak is drawn on two lines at this width."""
    split = page.evaluate(
        "[...document.querySelectorAll('.kw')].filter(w => w.getClientRects().length > 1)"
        ".map(w => w.textContent)"
    )
    assert split == []
    assert page.evaluate("document.querySelectorAll('.kw').length") > 0


def _khmer_underline_clears_subscripts(page: Any) -> None:
    offset, size = page.evaluate(
        "(() => { const a = [...document.querySelectorAll('main a')].find(a => /[\\u1780-\\u17ff]/"
        ".test(a.textContent)); const s = getComputedStyle(a);"
        " return [parseFloat(s.textUnderlineOffset), parseFloat(s.fontSize)]; })()"
    )
    assert offset >= 0.45 * size


def test_the_report_path_in_khmer(phone, live_server, area, starter_categories, tmp_path: Path):
    base = live_server.url
    check = lambda: assert_page_is_accessible_and_local(phone, base)  # noqa: E731

    # The office step: "Continue" with nothing chosen says so, and the page opens on the message.
    phone.goto(f"{base}/km/submit/evaluation/commune/{area.commune.code}/")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**sent=1**")
    _focused_summary(phone)
    assert "សូមជ្រើសរើសការិយាល័យ" in phone.locator("#form-errors").inner_text()
    check()
    _words_never_split(phone)
    _khmer_underline_clears_subscripts(phone)
    phone.check(f"#office-{area.commune_office.pk}")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**/topic/**")

    # The topic step, the same.
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**sent=1**")
    _focused_summary(phone)
    check()
    phone.check("#category-service-evaluation")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**/form/**")
    check()
    _words_never_split(phone)

    # The date: three lists in Khmer, not the browser's mm/dd/yyyy picker.
    assert phone.locator("input[type=date]").count() == 0
    month_names = phone.locator("#id_visit_date_1 option").all_inner_texts()
    assert month_names[1:4] == ["មករា", "កុម្ភៈ", "មីនា"]

    # Faces: five different pictures, each a big target.
    icons = phone.locator("fieldset.field--faces").first.locator("svg.face__icon")
    assert len({icons.nth(i).inner_html() for i in range(5)}) == 5
    for box in (
        phone.locator("fieldset.field--faces").first.locator("label").nth(i).bounding_box() for i in range(5)
    ):
        assert box is not None and box["width"] >= 44 and box["height"] >= 44

    # The file chooser: a button in Khmer, then the chosen names.
    chooser = phone.locator("[data-file-chooser]")
    assert chooser.locator(".file-chooser__button").inner_text() == "ជ្រើសរើសឯកសារ"
    assert chooser.locator("input[type=file]").evaluate("i => getComputedStyle(i).opacity") == "0"
    assert chooser.locator("[data-file-names]").inner_text() == "មិនទាន់បានជ្រើសរើសឯកសារនៅឡើយទេ។"
    photo = tmp_path / "រូបថត-១.png"
    photo.write_bytes(_png())
    with phone.expect_file_chooser() as picker:
        chooser.locator(".file-chooser__control").click()
    picker.value.set_files([str(photo)])
    assert chooser.locator("[data-file-names] li").all_inner_texts() == ["រូបថត-១.png"]
    check()

    # A visit tomorrow (in Cambodia): refused in Khmer, the page opens on the message.
    tomorrow = cambodia_today() + datetime.timedelta(days=1)
    phone.select_option("#id_visit_date_0", str(tomorrow.day))
    phone.select_option("#id_visit_date_1", str(tomorrow.month))
    if phone.locator(f"#id_visit_date_2 option[value='{tomorrow.year}']").count():
        phone.select_option("#id_visit_date_2", str(tomorrow.year))
        phone.fill("textarea[name=description]", "សេវាល្អ")
        # form.js sends it with fetch and puts the answer in place of the page (no navigation).
        phone.locator("form#feedback-form button[type=submit]").last.click()
        phone.locator("#form-errors").wait_for()
        _focused_summary(phone)
        assert "មិនអាចជាថ្ងៃអនាគតបានទេ" in phone.locator("#form-errors").inner_text()
        assert phone.locator("#id_visit_date_0").input_value() == str(tomorrow.day)  # kept
        check()

    today = cambodia_today()
    phone.select_option("#id_visit_date_0", str(today.day))
    phone.select_option("#id_visit_date_1", str(today.month))
    phone.select_option("#id_visit_date_2", str(today.year))
    phone.fill("textarea[name=description]", "សេវាល្អ")
    phone.locator("fieldset.field--faces").first.locator("label").nth(4).click()
    phone.locator("form#feedback-form button[type=submit]").last.click()
    phone.wait_for_url(f"{base}/km/receipt/")
    feedback = Feedback.objects.get()
    assert feedback.visit_date == today and feedback.scores.get("courtesy") == 5


def test_tracking_in_khmer_keeps_the_code_and_shows_errors_where_they_happened(
    phone, live_server, area, starter_categories, make_input
):
    base = live_server.url
    check = lambda: assert_page_is_accessible_and_local(phone, base)  # noqa: E731
    receipt = feedback_submit(data=make_input()).receipt

    # A mistyped code stays in the field, Khmer digits and all.
    typed = to_khmer_digits(receipt.grouped()[:-1] + ("1" if receipt.digits[-1] != "1" else "2"))
    phone.goto(f"{base}/km/track/")
    phone.fill("input[name=receipt]", typed)
    with phone.expect_navigation():
        phone.locator("form.track-form button[type=submit]").click()
    assert phone.locator("input[name=receipt]").input_value() == typed
    assert re.sub(r"\s", "", typed) not in phone.url
    _focused_summary(phone)
    check()

    phone.fill("input[name=receipt]", receipt.grouped())
    with phone.expect_navigation():
        phone.locator("form.track-form button[type=submit]").click()
    assert phone.url == f"{base}/km/track/case/"

    # An empty reply: the summary above the reply form has the focus, on the screen.
    with phone.expect_navigation():
        phone.locator("form.reply-form button[type=submit]").click()
    assert phone.url == f"{base}/km/track/case/reply/"
    _focused_summary(phone)
    check()
    # Opening the address again (a GET) lands on the case page, never a bare 405.
    response = phone.goto(f"{base}/km/track/case/reply/")
    assert response is not None and response.status == 200
    assert phone.url == f"{base}/km/track/case/#messages"
    assert phone.locator("form.reply-form").count() == 1


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()
