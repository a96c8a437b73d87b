"""Error pages: translated, in the site's layout, with no technical detail."""

import pytest
from django.test import Client
from django.urls import reverse

from ourvoice.web.tests.pagetools import find_all, has_khmer, parse
from ourvoice.web.tests.urls import SECRET_DETAIL

pytestmark = pytest.mark.urls("ourvoice.web.tests.urls")

TECHNICAL = (SECRET_DETAIL, "Traceback", "RuntimeError", "SuspiciousOperation", "PermissionDenied", "CSRF")


def _check_page(response, status: int, lang: str, heading_en: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    for word in TECHNICAL:
        assert word not in html
    elements = parse(html)
    assert find_all(elements, "html")[0].attrs["lang"] == lang
    heading = find_all(elements, "h1")[0].clean_text
    if lang == "en":
        assert heading == heading_en
    else:
        assert has_khmer(heading) and heading != heading_en
    assert [a for a in find_all(elements, "a") if a.attrs.get("href") == f"/{lang}/"], "a way home"
    assert not [s for s in find_all(elements, "script") if not s.attrs.get("src")]
    assert not [e for e in elements if "style" in e.attrs]


@pytest.mark.parametrize("lang", ["km", "en"])
def test_404(client, lang):
    _check_page(client.get(f"/{lang}/no/such/page/"), 404, lang, "Page not found")


@pytest.mark.parametrize("lang", ["km", "en"])
def test_500(lang):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{lang}/crash/")
    _check_page(response, 500, lang, "Something went wrong")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("lang", ["km", "en"])
def test_400(client, lang):
    _check_page(client.get(f"/{lang}/bad/"), 400, lang, "Request not understood")


@pytest.mark.parametrize("lang", ["km", "en"])
def test_403(client, lang):
    _check_page(client.get(f"/{lang}/denied/"), 403, lang, "Access denied")


@pytest.mark.parametrize("lang", ["km", "en"])
def test_csrf_failure(lang):
    """A form posted without its token (an expired page, blocked cookies): a plain explanation."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=lang)
    client.cookies.load({"django_language": lang})
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/"})
    _check_page(response, 403, lang, "This form has expired")


def test_500_page_renders_without_a_request():
    """Django renders 500.html with no request: the page must still come out whole."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("km"):
        html = render_to_string("500.html")
    elements = parse(html)
    assert has_khmer(find_all(elements, "h1")[0].text)
    switch = [a for a in find_all(elements, "a") if a.attrs.get("lang") == "en"]
    assert [a.attrs["href"] for a in switch] == ["/en/"]
