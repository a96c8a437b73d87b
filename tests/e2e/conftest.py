"""End-to-end tests in Debian's Chromium, driven by Playwright for Python (never a downloaded browser).

CI installs the `chromium` package (.ci/run). On a laptop without it these tests are skipped
with a reason; under CI=true a missing browser is a failure, so CI can never pass without them.

Pages run under the site's Content-Security-Policy (no ``bypass_csp``): the ``phone`` and ``desk``
fixtures fail the test on any violation the browser reports (SECURITY.md F2).
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("OURVOICE_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
PHONE = {"width": 360, "height": 740}
# Without these, Chromium keeps calling Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A fake microphone that needs no permission prompt: the voice recorder under test.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation of a page to its console, where the fixture
# collects it (Chromium also logs its own "Refused to ... Content Security Policy" messages).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.effectiveDirective} blocked `
    + `${event.blockedURI || "inline"} at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


def watch_csp(page: Any) -> None:
    """Record the page's CSP violations in ``page.csp_violations``."""
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    """A 360-px phone page that records every request, to prove nothing leaves the site.

    The site's Content-Security-Policy applies (no bypass): any violation fails the test.
    """
    context = browser.new_context(viewport=PHONE, locale="km-KH", has_touch=True)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.requests_seen = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests_seen.append(request.url))
    watch_csp(page)
    yield page
    violations = page.csp_violations  # type: ignore[attr-defined]
    context.close()
    if violations:
        pytest.fail(f"Content-Security-Policy violations: {violations}")


@pytest.fixture
def desk(browser: Any, live_server: Any) -> Iterator[Any]:
    """A desktop page for staff and admin pages, under the same CSP watch as ``phone``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    watch_csp(page)
    yield page
    violations = page.csp_violations  # type: ignore[attr-defined]
    context.close()
    if violations:
        pytest.fail(f"Content-Security-Policy violations: {violations}")


def sign_in_page(page: Any, base_url: str, user: Any) -> None:
    """Give the browser the session of a staff member signed in with TOTP (as after the form)."""
    from django.test import Client

    from ourvoice.accounts.tests.conftest import sign_in_verified

    client = Client()
    sign_in_verified(client, user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])


def axe_violations(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (vendored) on the page; return the violations of the given impacts."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def assert_page_is_accessible_and_local(page: Any, base_url: str) -> None:
    violations = axe_violations(page)
    assert violations == [], violations
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "horizontal scroll"
    foreign = [url for url in page.requests_seen if not url.startswith((base_url, "data:", "blob:"))]
    assert foreign == [], f"third-party requests: {foreign}"
    assert page.csp_violations == [], page.csp_violations


@pytest.fixture
def starter_categories(transactional_db: None) -> None:
    """Transactional tests flush the database, data migrations included: load the categories again."""
    from importlib import import_module

    from django.apps import apps

    import_module("ourvoice.feedback.migrations.0002_starter_categories").load(apps, None)
