"""Offline drafts and the installable app: service worker, offline page, manifest, page weight."""

import gzip
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


def test_the_service_worker_is_served_for_the_submission_scope(db):
    response = Client().get("/km/submit/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body)[1])  # type: ignore[index]
    assert "/static/ourvoice/js/form.js" in precache and "/static/ourvoice/css/site.css" in precache
    assert '"/km/submit/offline/"' in body
    assert 'request.method !== "GET"' in body  # posts are never intercepted
    assert "https://" not in body and "http://" not in body
    assert Client().get("/en/submit/sw.js").content.decode().count('"/en/submit/offline/"') == 1


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
def test_the_manifest_and_icons_are_local(db):
    page = Citizen().get("/km/")
    manifest_link = [e for e in find_all(page.elements, "link") if e.attrs.get("rel") == "manifest"]
    assert manifest_link and manifest_link[0].attrs["href"].startswith("/static/")
    manifest = json.loads(_static("ourvoice/manifest.webmanifest"))
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert not icon["src"].startswith(("http", "//"))
        assert _static(f"ourvoice/{icon['src']}").startswith(b"<svg")
    served = Client().get(manifest_link[0].attrs["href"])
    assert served.status_code == 200


def test_the_first_load_of_the_form_stays_under_100_kb_compressed(place):
    """Issue 3 point 9: the form page with its styles, scripts and the Khmer fonts it uses."""
    url = form_url(place, "evaluation", "service-evaluation", lang="km")
    page = Citizen().get(url)
    assert page.status == 200
    assets = [e.attrs["src"] for e in find_all(page.elements, "script")]
    assets += [
        e.attrs["href"]
        for e in find_all(page.elements, "link")
        if e.attrs.get("rel") in ("stylesheet", "icon", "manifest")
    ]
    assets += [
        "/static/ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
        "/static/ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
    ]
    total = len(gzip.compress(page.html.encode(), 9))
    for asset in assets:
        total += len(gzip.compress(_static(asset.removeprefix("/static/")), 9))
    assert total < PAGE_BUDGET, total
