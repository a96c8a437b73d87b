"""The service worker of the submission pages and the page it shows when the network is gone.

The worker is served from ``/<lang>/submit/sw.js`` so that its scope is the submission flow of
that language without any special header. It keeps the static files (styles, scripts, fonts) for
offline and metered use, and never stores a page: pages carry forms, tokens and people's words.
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

# What the form page needs to open and work offline once it has been seen.
PRECACHE = (
    "ourvoice/css/site.css",
    "ourvoice/js/htmx-2.0.11.min.js",
    "ourvoice/js/form.js",
    "ourvoice/js/voice.js",
    "ourvoice/js/files.js",
    "ourvoice/js/preview.js",
    "ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
    "ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
    "ourvoice/icons/icon.svg",
)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = [static(path) for path in PRECACHE]
    offline = reverse("web:offline")
    version = hashlib.sha256(json.dumps([urls, offline]).encode()).hexdigest()[:12]
    context = {"precache": json.dumps(urls), "offline": json.dumps(offline), "version": json.dumps(version)}
    response = render(request, "ourvoice/web/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "ourvoice/web/offline.html")
