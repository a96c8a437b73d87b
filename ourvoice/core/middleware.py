"""Response headers that keep citizens' visits private (SECURITY.md A2, F2).

``PrivacyHeadersMiddleware`` sits (with django-csp's) just before WhiteNoise in ``MIDDLEWARE``, so
static files get the Referrer-Policy, Permissions-Policy and CSP too, and keep WhiteNoise's
long-lived cache headers; every response Django itself produces (pages, redirects, errors, API
answers) gets:

- ``Cache-Control: no-store`` unless the view chose a cache policy itself, so that a shared phone's
  browser cache or a proxy never keeps a page about someone's case;
- ``Referrer-Policy: no-referrer`` (SecurityMiddleware sets it too from SECURE_REFERRER_POLICY;
  this keeps the promise even if that setting is relaxed), so no address leaks to another site;
- a ``Permissions-Policy`` that turns off the camera and location and keeps the microphone for
  this site only (voice notes).

The Content-Security-Policy comes from django-csp's ``CSPMiddleware``, right after this one
(``CONTENT_SECURITY_POLICY`` in ``config/settings/base.py``; core/README.md).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

# Voice notes are recorded in the page (getUserMedia); photos come from a file input, which
# needs no camera permission.
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(self)"


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
