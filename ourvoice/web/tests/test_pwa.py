"""Offline drafts and the installable app: service worker, offline page, manifest, page weight."""

import gzip
import io
import json
import re

from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from ourvoice.web.tests.citizen import Citizen, form_url
from ourvoice.web.tests.pagetools import find_all

PAGE_BUDGET = 100 * 1024


def _static(path: str) -> bytes:
    found = finders.find(path)
    assert found, path
    with open(found, "rb") as handle:
        return handle.read()


def test_the_service_worker_is_served_for_the_language_scope(db):
    response = Client().get("/km/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body)[1])  # type: ignore[index]
    for needed in ("form.js", "app.js", "queue.js", "offline.js"):
        assert f"/static/ourvoice/js/{needed}" in precache, needed
    assert "/static/ourvoice/css/site.css" in precache
    assert '"/km/submit/offline/"' in body and '"/km/submit/data.json"' in body
    assert 'request.method !== "GET"' in body  # posts are never intercepted
    for needed in (
        'addEventListener("push"',
        'addEventListener("sync"',
        "notificationclick",
        "importScripts",
    ):
        assert needed in body, needed
    assert "https://" not in body and "http://" not in body
    assert Client().get("/en/sw.js").content.decode().count('"/en/submit/offline/"') == 1


def test_the_old_submission_worker_removes_itself(db):
    body = Client().get("/km/submit/sw.js").content.decode()
    assert "unregister()" in body and "fetch" not in body


def test_the_offline_page_is_translated(db):
    page = Citizen().get("/km/submit/offline/")
    assert page.status == 200
    assert "ក្រៅបណ្ដាញ" in page.text() and "You are offline" not in page.text()


def test_the_form_script_keeps_a_draft_and_resends_with_the_same_token():
    script = _static("ourvoice/js/form.js").decode()
    for needed in (
        "localStorage",
        '"online"',
        'redirect: "manual"',
        "opaqueredirect",
        "serviceWorker.register",
    ):
        assert needed in script, needed
    assert "contact_" in script  # contact details stay out of the draft
    voice = _static("ourvoice/js/voice.js").decode()
    for needed in ("MediaRecorder", "DataTransfer", "getUserMedia", "box.hidden = false"):
        assert needed in voice, needed


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_the_manifest_is_complete_in_each_language_and_its_icons_are_local(db):
    """Issue 17 point 1: names, the icons Android asks for (192, 512, maskable), start page per
    language, shortcuts to the four kinds and to tracking."""
    from PIL import Image

    for lang, short_name in (("km", "សំឡេងយើង"), ("en", "Our Voice")):
        page = Citizen().get(f"/{lang}/")
        manifest_link = [e for e in find_all(page.elements, "link") if e.attrs.get("rel") == "manifest"]
        assert manifest_link and manifest_link[0].attrs["href"] == f"/{lang}/manifest.webmanifest"
        response = Client().get(manifest_link[0].attrs["href"])
        assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
        manifest = json.loads(response.content)
        assert manifest["short_name"] == short_name and manifest["lang"] == lang
        assert manifest["start_url"] == manifest["scope"] == manifest["id"] == f"/{lang}/"
        assert manifest["display"] == "standalone" and manifest["theme_color"] == "#0b4a7d"
        sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
        assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
        for icon in manifest["icons"]:
            assert icon["src"].startswith("/static/"), icon
            data = _static(icon["src"].removeprefix("/static/"))
            if icon["type"] == "image/png":
                width = int(icon["sizes"].split("x")[0])
                assert Image.open(io.BytesIO(data)).size == (width, width)
        urls = [shortcut["url"] for shortcut in manifest["shortcuts"]]
        assert urls == [
            f"/{lang}/submit/{kind}/" for kind in ("complaint", "support", "information", "evaluation")
        ] + [f"/{lang}/track/"]
        assert all(Client().get(url).status_code == 200 for url in urls)
    assert "Our Voice" not in Client().get("/km/manifest.webmanifest").content.decode()


def test_the_first_load_of_the_form_stays_under_100_kb_compressed(place):
    """Issue 3 point 9: the form page with its styles, scripts and the Khmer fonts it uses."""
    url = form_url(place, "evaluation", "service-evaluation", lang="km")
    page = Citizen().get(url)
    assert page.status == 200
    assets = [e.attrs["src"] for e in find_all(page.elements, "script")]
    assets += [
        e.attrs["href"]
        for e in find_all(page.elements, "link")
        if e.attrs.get("rel") in ("stylesheet", "icon")
    ]
    assets += [
        "/static/ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
        "/static/ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
    ]
    total = len(gzip.compress(page.html.encode(), 9))
    total += len(gzip.compress(Client().get("/km/manifest.webmanifest").content, 9))
    for asset in assets:
        total += len(gzip.compress(_static(asset.removeprefix("/static/")), 9))
    assert total < PAGE_BUDGET, total
