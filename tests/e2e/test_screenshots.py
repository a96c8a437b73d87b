"""The README's screenshots, made in Debian's Chromium from the demo data, so they never drift from
the product (issue 16, point 8).

- Always: the demo is seeded (``demo_seed``, a synthetic history with ``demo_synthesize``, the
  rollups), each page is opened as a person would and photographed; the test fails if a page
  cannot be reached or photographed, or if README.md does not show every image of ``SHOTS`` from
  ``docs/img/``.
- With ``OURVOICE_SCREENSHOTS=1`` it also writes the PNGs to ``docs/img/`` (commit them). Without it
  the images are made in a temporary folder and thrown away: dates, receipts and synthetic figures
  differ on every run, and a test that rewrote tracked files on every run would leave every
  branch with changed images. Run it with the variable after a change of the pages shown
  (``make screenshots``).
"""

# ruff: noqa: F811 (fixtures imported from the demo's conftest are redefined as arguments)

import io
import os
import re
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from ourvoice.accounts.models import User
from ourvoice.demo.services import PILOT_DISTRICTS
from ourvoice.demo.tests.conftest import data_dir  # noqa: F401
from ourvoice.offices.models import Office
from tests.e2e.conftest import PHONE, REPORT_CSP_VIOLATIONS, sign_in_page, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The data the migrations seed, which a transactional test's flush removes (serialized_rollback
# collides with the content types that the flush re-creates).
SEEDS = (
    ("ourvoice.feedback.migrations.0002_starter_categories", "load"),
    ("ourvoice.feedback.migrations.0004_publication", "forward"),
    ("ourvoice.feedback.migrations.0007_about_office", "accusing_topics_about_office"),
    ("ourvoice.catalogue.migrations.0002_starter_services", "load"),
    ("ourvoice.cases.migrations.0004_deadlines", "seed"),
)

IMG = Path(settings.BASE_DIR) / "docs" / "img"
WRITE = os.environ.get("OURVOICE_SCREENSHOTS") == "1"
DESK = {"width": 1366, "height": 900}
SHOTS = {
    "citizen-form.png": PHONE,
    "receipt.png": PHONE,
    "staff-inbox-phone.png": PHONE,
    "dashboard.png": DESK,
}

# Counts the links to cases and scrolls the first one to a third of the screen's height.
SCROLL_TO_THE_CASES = """() => {
  const links = [...document.querySelectorAll("main a")]
    .filter((a) => /\\/staff\\/cases\\/\\d+\\/$/.test(a.getAttribute("href") || ""));
  if (links.length) {
    const top = links[0].getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, Math.max(0, top - window.innerHeight / 3));
  }
  return links.length;
}"""
# Scrolls the element to the top of the screen, under a little of what comes before it.
SCROLL_TO = """(selector) => {
  const top = document.querySelector(selector).getBoundingClientRect().top + window.scrollY;
  window.scrollTo(0, Math.max(0, top - 120));
}"""


@pytest.fixture
def demo(data_dir: Path) -> None:
    """The demo as `make run` leaves it: the gazetteer, every office, the demo accounts and fees,
    and a synthetic history with its rollups."""
    for module, function in SEEDS:
        getattr(import_module(module), function)(apps, None)
    out = io.StringIO()
    call_command("geo_load", "--quiet")
    call_command("offices_generate", "--quiet")
    call_command("demo_synthesize", "--records", "3000", "--months", "24", "--seed", "16", stdout=out)
    call_command("analytics_rebuild", stdout=out)


def _page(browser: Any, viewport: dict[str, int], locale: str) -> Any:
    context = browser.new_context(viewport=viewport, locale=locale, has_touch=viewport == PHONE)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    watch_csp(page)
    return page


def _shoot(page: Any, name: str, folder: Path) -> None:
    path = folder / name
    page.screenshot(path=str(path), full_page=False, animations="disabled", caret="hide")
    with Image.open(path) as image:
        assert image.size == (SHOTS[name]["width"], SHOTS[name]["height"]), name
        # Not a blank page: a screenshot of the product has many colours.
        assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 50, name
    assert page.csp_violations == [], page.csp_violations


def test_the_readme_screenshots_are_made_from_the_demo(browser, live_server, demo, tmp_path) -> None:
    folder = IMG if WRITE else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    office = (
        Office.objects.filter(
            type=Office.Type.COMMUNE, district_id=next(iter(PILOT_DISTRICTS)), is_pilot=True
        )
        .order_by("commune_id")
        .first()
    )
    assert office is not None and office.commune_id is not None

    # 1. The citizen's form, on a phone, in Khmer: a complaint to the demo's commune office.
    phone = _page(browser, PHONE, "km-KH")
    phone.goto(f"{base}/km/submit/complaint/commune/{office.commune_id}/")
    phone.check(f"#office-{office.pk}")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**/topic/**")
    phone.check("#category-slow-service")
    phone.locator("form.step-form button[type=submit]").click()
    phone.wait_for_url("**/form/**")
    phone.fill(
        "textarea[name=description]",
        "ខ្ញុំបានដាក់ពាក្យសុំសំបុត្រកំណើតកូនរបស់ខ្ញុំតាំងពីបីសប្តាហ៍មុន ប៉ុន្តែនៅតែមិនទាន់បានទទួល។",
    )
    phone.locator("textarea[name=description]").blur()
    phone.evaluate("window.scrollTo(0, 0)")
    _shoot(phone, "citizen-form.png", folder)

    # 2. The receipt, right after sending.
    phone.check("#id_about_office_1")  # not about the office or someone who works there
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(f"{base}/km/receipt/")
    phone.evaluate("window.scrollTo(0, 0)")
    assert phone.locator(".receipt-card__digits").is_visible()
    _shoot(phone, "receipt.png", folder)
    phone.context.close()

    # 3. A commune clerk's inbox on a phone, in Khmer.
    clerk = _page(browser, PHONE, "km-KH")
    sign_in_page(clerk, base, User.objects.get(username="demo_office_staff"))
    clerk.goto(f"{base}/km/staff/cases/")
    # Whatever the layout (a table today, cards after staff-ux), the cases are in the picture.
    cases = clerk.evaluate(SCROLL_TO_THE_CASES)
    assert cases >= 2, cases
    _shoot(clerk, "staff-inbox-phone.png", folder)
    clerk.context.close()

    # 4. The national dashboard on a desktop, in English, with real (synthetic) figures.
    desk = _page(browser, DESK, "en-GB")
    sign_in_page(desk, base, User.objects.get(username="demo_national_oversight"))
    desk.goto(f"{base}/en/staff/analytics/")
    reports = desk.locator("td[data-indicator=reports]").first.inner_text()
    assert re.fullmatch(r"[\d,]+", reports) and int(reports.replace(",", "")) >= 1000, reports
    desk.evaluate(SCROLL_TO, "td[data-indicator=reports]")
    _shoot(desk, "dashboard.png", folder)
    desk.context.close()

    # The README shows every image, and every image is in the repository.
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    for name in SHOTS:
        assert f"](docs/img/{name})" in readme, name
        assert (IMG / name).is_file(), f"docs/img/{name}: run with OURVOICE_SCREENSHOTS=1 and commit it"
