"""The public pages in a real browser on a phone-sized screen: accessible, Khmer, local only."""

import pytest

from tests.e2e.conftest import assert_page_is_accessible_and_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["km", "en"])
def test_home_page_is_accessible_on_a_phone(phone, live_server, lang):
    phone.goto(f"{live_server.url}/{lang}/")
    assert phone.evaluate("document.documentElement.lang") == lang
    assert_page_is_accessible_and_local(phone, live_server.url)


def test_root_sends_a_khmer_browser_to_khmer_and_the_font_renders_khmer(phone, live_server):
    phone.goto(f"{live_server.url}/")
    assert phone.url == f"{live_server.url}/km/"
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.fonts.check('16px \"Kantumruy Pro\"', 'សំឡេងយើង')")
    assert any(url.endswith(".woff2") for url in phone.requests_seen)


def test_language_switcher_works_with_the_keyboard(phone, live_server):
    phone.goto(f"{live_server.url}/km/")
    switcher = phone.locator("form[action*='setlang'] button, form[action*='setlang'] [type=submit]").first
    switcher.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server.url}/en/")
    assert phone.evaluate("document.documentElement.lang") == "en"
