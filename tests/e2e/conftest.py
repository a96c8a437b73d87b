"""End-to-end tests in Debian's Chromium, driven by Playwright for Python (never a downloaded browser).

CI installs the `chromium` package (.ci/run). On a laptop without it these tests are skipped
with a reason; under CI=true a missing browser is a failure, so CI can never pass without them.
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


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    """A 360-px phone page that records every request, to prove nothing leaves the site."""
    context = browser.new_context(viewport=PHONE, locale="km-KH", bypass_csp=True, has_touch=True)
    page = context.new_page()
    page.requests_seen = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


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


@pytest.fixture
def starter_categories(transactional_db: None) -> None:
    """Transactional tests flush the database, data migrations included: load the categories again."""
    from importlib import import_module

    from django.apps import apps

    import_module("ourvoice.feedback.migrations.0002_starter_categories").load(apps, None)
