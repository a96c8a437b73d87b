"""The installable app (issue 17): its service worker, manifest, offline app page and offline data.

The worker is served from ``/<lang>/sw.js``, so its scope is that language's whole site with no
special header. It keeps the static files, the offline app page and the offline data, and never
stores any other page: pages carry forms, tokens and people's words. The old worker of the
submission pages (``/<lang>/submit/sw.js``) is answered with one that removes itself.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from ourvoice.web.kinds import CITIZEN_ACTIONS
from ourvoice.web.offline_data import offline_data

# What the app needs to open and work offline once it has been seen.
PRECACHE = (
    "ourvoice/css/site.css",
    "ourvoice/js/htmx-2.0.11.min.js",
    "ourvoice/js/app.js",
    "ourvoice/js/queue.js",
    "ourvoice/js/offline.js",
    "ourvoice/js/form.js",
    "ourvoice/js/voice.js",
    "ourvoice/js/files.js",
    "ourvoice/js/preview.js",
    "ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
    "ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
    "ourvoice/icons/icon.svg",
    "ourvoice/icons/icon-192.png",
)
# Seconds the server keeps the built offline data of a language (it changes with the gazetteer,
# the offices or the topics: rarely).
DATA_CACHE_SECONDS = 600


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = [static(path) for path in PRECACHE]
    offline = reverse("web:offline")
    data = reverse("web:offline_data")
    queue = static("ourvoice/js/queue.js")
    icon = static("ourvoice/icons/icon-192.png")
    version = hashlib.sha256(json.dumps([urls, offline, data, queue]).encode()).hexdigest()[:12]
    context = {
        "precache": json.dumps(urls),
        "offline": json.dumps(offline),
        "data": json.dumps(data),
        "queue_script": json.dumps(queue),
        "icon": json.dumps(icon),
        "version": json.dumps(version),
    }
    response = render(request, "ourvoice/web/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


RETIRED_WORKER = """/* The submission pages' old service worker: the app's worker is now /<lang>/sw.js. */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => { event.waitUntil(self.registration.unregister()); });
"""


@require_safe
def retired_service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(RETIRED_WORKER, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """The offline app page: kept by the worker, so it carries no token and nobody's words; its
    script builds the whole submission flow from the offline data."""
    context = {"actions": CITIZEN_ACTIONS, "data_url": reverse("web:offline_data")}
    return render(request, "ourvoice/web/offline.html", context)


@require_safe
@gzip_page
def offline_data_json(request: HttpRequest) -> HttpResponse:
    """Places, offices and topics in the page's language, compressed, with its version as ETag."""
    language = get_language() or settings.LANGUAGE_CODE
    body = cache.get_or_set(
        f"web:offline-data:{language}",
        lambda: json.dumps(offline_data(language=language), ensure_ascii=False, separators=(",", ":")),
        DATA_CACHE_SECONDS,
    )
    body = str(body)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
    # Compressed, the ETag comes back weak (W/"..."), as GZip marks it.
    if request.headers.get("If-None-Match", "").removeprefix("W/") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    # Nothing personal: the browser and the worker may keep it, asking again each time.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest in the page's language: name, icons Android asks for, start page and
    shortcuts to the four kinds and to tracking."""
    language = get_language() or settings.LANGUAGE_CODE
    home = reverse("web:home")
    icon_192 = {"src": static("ourvoice/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"}
    links = [(str(action.title), reverse("web:where", args=[action.kind])) for action in CITIZEN_ACTIONS]
    links.append((_("Track your case"), reverse("web:track")))
    shortcuts = [{"name": name, "url": url, "icons": [icon_192]} for name, url in links]
    data = {
        "id": home,
        "name": _("Our Voice: have your say on public services"),
        "short_name": _("Our Voice"),
        "description": _("Confidential feedback on public services in Cambodia"),
        "lang": language,
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4a7d",
        "icons": [
            icon_192,
            {"src": static("ourvoice/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("ourvoice/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("ourvoice/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": shortcuts,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "no-cache"
    return response
