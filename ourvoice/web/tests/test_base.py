"""The shared layout (base.html): landmarks, language switcher, no inline code, nothing third-party."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ourvoice.web.tests.pagetools import Element, find_all, has_khmer, parse

PAGES = ["/km/", "/en/", "/km/no/such/page/", "/en/no/such/page/"]


def _page(client: Client, url: str) -> tuple[str, list[Element]]:
    response = client.get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    return html, parse(html)


@pytest.mark.parametrize("url", PAGES)
def test_layout_has_skip_link_header_main_and_footer(client, url):
    _html, elements = _page(client, url)
    focusable = [e for e in elements if e.tag in ("a", "button", "input", "select", "textarea")]
    focusable = [e for e in focusable if e.attrs.get("type") != "hidden"]
    assert focusable[0].tag == "a" and focusable[0].attrs["href"] == "#main", "skip link must come first"
    assert len(find_all(elements, "main", id="main")) == 1
    header = find_all(elements, "header")
    assert len(header) == 1
    assert "សំឡេងយើង" in header[0].text and "Our Voice" in header[0].text
    footer = find_all(elements, "footer")
    assert len(footer) == 1


@pytest.mark.parametrize("lang", ["km", "en"])
def test_html_lang_and_viewport(client, lang):
    _html, elements = _page(client, f"/{lang}/")
    assert find_all(elements, "html")[0].attrs["lang"] == lang
    viewport = [e for e in find_all(elements, "meta") if e.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs["content"]


def test_footer_carries_the_gazetteer_attribution_and_anonymity_notice(client):
    _html, elements = _page(client, "/en/")
    footer = find_all(elements, "footer")[0].clean_text
    assert (
        "Administrative codes and names: NCDD / Ministry of Interior gazetteer, via the pumi project (MIT)"
        in footer
    )
    assert "never asks for your name" in footer
    _html, elements = _page(client, "/km/")
    footer = find_all(elements, "footer")[0].clean_text
    assert "ក្រសួងមហាផ្ទៃ" in footer and "pumi" in footer and "MIT" in footer


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_script_no_style_attribute_htmx_deferred_from_static(client, url):
    html, elements = _page(client, url)
    scripts = find_all(elements, "script")
    assert scripts, "htmx is loaded"
    for script in scripts:
        assert script.attrs.get("src", "").startswith("/static/"), "no inline script"
        assert "defer" in script.attrs
        assert script.text.strip() == ""
    app = ["/static/ourvoice/js/queue.js", "/static/ourvoice/js/app.js"] if "no/such" not in url else []
    assert [s.attrs["src"] for s in scripts] == ["/static/ourvoice/js/htmx-2.0.11.min.js", *app]
    assert not [e for e in elements if "style" in e.attrs], "no style attributes (strict CSP)"
    assert not find_all(elements, "style"), "no inline style elements"
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"


@pytest.mark.parametrize("url", PAGES)
def test_nothing_is_loaded_or_linked_from_another_host(client, url):
    """SECURITY.md A4: every address in the page is local; none names a host at all."""
    html, elements = _page(client, url)
    assert not re.search(r"(?i)\b(?:https?:)?//[a-z0-9]", html.replace("<!doctype html>", ""))
    for element in elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.attrs.get(name)
            if value is not None:
                assert value.startswith(("/", "#")) and not value.startswith("//"), (element.tag, value)


def test_htmx_is_configured_for_a_strict_csp_and_no_stored_snapshots(client):
    _html, elements = _page(client, "/km/")
    config = [e for e in find_all(elements, "meta") if e.attrs.get("name") == "htmx-config"]
    assert len(config) == 1
    content = config[0].attrs["content"]
    for setting in (
        '"includeIndicatorStyles": false',
        '"allowEval": false',
        '"allowScriptTags": false',
        '"historyCacheSize": 0',
    ):
        assert setting in content


def test_stylesheet_is_local_and_the_khmer_font_is_preloaded_on_khmer_pages(client):
    _html, elements = _page(client, "/km/")
    links = find_all(elements, "link")
    assert [e.attrs["href"] for e in links if e.attrs.get("rel") == "stylesheet"] == [
        "/static/ourvoice/css/site.css"
    ]
    preload = [e for e in links if e.attrs.get("rel") == "preload"]
    assert [e.attrs["href"] for e in preload] == [
        "/static/ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2"
    ]
    _html, elements = _page(client, "/en/")
    assert not [e for e in find_all(elements, "link") if e.attrs.get("rel") == "preload"]


# --- Language switcher ------------------------------------------------------------------------


def _switcher(elements: list[Element]) -> Element:
    forms = [e for e in find_all(elements, "form") if e.attrs.get("action") == reverse("set_language")]
    assert len(forms) == 1
    return forms[0]


def _field(form: Element, name: str) -> Element:
    elements = [e for e in form.children if e.attrs.get("name") == name]
    assert len(elements) == 1, name
    return elements[0]


@pytest.mark.parametrize(
    ("lang", "other", "label", "button"),
    [("km", "en", "ភាសា", "English"), ("en", "km", "Language", "ខ្មែរ")],
)
def test_language_switcher_is_a_labelled_post_form(client, lang, other, label, button):
    _html, elements = _page(client, f"/{lang}/")
    form = _switcher(elements)
    assert form.attrs["method"] == "post"
    label_element = [e for e in elements if e.attrs.get("id") == form.attrs["aria-labelledby"]]
    assert [e.clean_text for e in label_element] == [label]
    submit = _field(form, "language")
    assert submit.tag == "button" and submit.attrs["type"] == "submit"
    assert submit.attrs["value"] == other and submit.attrs["lang"] == other
    assert submit.clean_text == button
    assert _field(form, "csrfmiddlewaretoken").attrs["value"]
    assert _field(form, "next").attrs["value"] == f"/{other}/"


def test_switching_from_a_page_lands_on_the_same_page_in_the_other_language(client):
    """/km/some/page/ has no view yet: the switcher still swaps the prefix, without JavaScript."""
    _html, elements = _page(client, "/km/some/page/")
    form = _switcher(elements)
    next_url = _field(form, "next").attrs["value"]
    assert next_url == "/en/some/page/"
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/en/some/page/"
    assert response.cookies["django_language"].value == "en"


@pytest.mark.urls("ourvoice.web.tests.urls")
def test_switching_a_real_page_with_csrf_enforced_as_a_browser_does():
    browser = Client(enforce_csrf_checks=True)
    _html, elements = _page(browser, "/km/some/page/?topic=fees")
    form = _switcher(elements)
    data = {
        "csrfmiddlewaretoken": _field(form, "csrfmiddlewaretoken").attrs["value"],
        "next": _field(form, "next").attrs["value"],
        "language": _field(form, "language").attrs["value"],
    }
    response = browser.post(form.attrs["action"], data)
    assert response.status_code == 302
    assert response["Location"] == "/en/some/page/?topic=fees"
    page = browser.get(response["Location"])
    assert page.status_code == 200
    assert 'lang="en"' in page.content.decode()


@pytest.mark.urls("ourvoice.web.tests.urls")
def test_switching_back_from_english_to_khmer(client):
    _html, elements = _page(client, "/en/some/page/")
    next_url = _field(_switcher(elements), "next").attrs["value"]
    response = client.post(reverse("set_language"), {"language": "km", "next": next_url})
    assert response["Location"] == "/km/some/page/"


@pytest.mark.parametrize("lang", ["km", "en"])
def test_switcher_and_skip_link_are_translated(client, lang):
    _html, elements = _page(client, f"/{lang}/")
    skip = next(e for e in find_all(elements, "a") if e.attrs.get("href") == "#main")
    assert has_khmer(skip.text) == (lang == "km")
