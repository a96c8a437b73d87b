"""url_in_language: the same page in the other language, never another site."""

import pytest
from django.utils import translation

from ourvoice.core.i18n import native_name, url_in_language

pytestmark = pytest.mark.urls("ourvoice.web.tests.urls")


@pytest.mark.parametrize(
    ("current", "url", "target", "expected"),
    [
        ("km", "/km/", "en", "/en/"),
        ("km", "/km/some/page/", "en", "/en/some/page/"),
        ("en", "/en/some/page/", "km", "/km/some/page/"),
        ("km", "/km/some/page/?topic=fees", "en", "/en/some/page/?topic=fees"),
        ("km", "/km/not/a/page/", "en", "/en/not/a/page/"),  # a 404 page keeps its address
        ("km", "/km/staff/login/", "en", "/en/staff/login/"),
        ("en", "/en/", "en", "/en/"),
    ],
)
def test_same_page_in_the_other_language(current, url, target, expected):
    with translation.override(current):
        assert url_in_language(url, target) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/i18n/setlang/",
        "/healthz",
        "//evil.example/km/",
        "https://evil.example/km/",
        "km/",
        "/km",
        "/fr/x/",
    ],
)
def test_anything_else_goes_to_the_home_page_in_that_language(url):
    with translation.override("km"):
        assert url_in_language(url, "en") == "/en/"


def test_native_names():
    assert native_name("km") == "ខ្មែរ"
    assert native_name("en") == "English"
