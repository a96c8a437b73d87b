"""CSRF protection that works with ``Referrer-Policy: no-referrer`` (SECURITY.md A2).

Under that policy browsers send ``Origin: null`` and no ``Referer`` on form posts, even to the
same site, and Django then rejects every form. The secret token check is what actually stops
cross-site posts (another site cannot read our token), so for a ``null`` origin we rely on the
token alone; any other origin is still checked as usual. See docs/adr/0002-csrf-without-referrer.md.

A refusal is logged (``django.security.csrf``) with the reason but without the Origin or Referer
Django would quote: a Referer can hold the page a citizen came from, query string and all
(SECURITY.md A1, A5). The refused request's path is logged as before, never its query string.
"""

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware

# "Origin checking failed - <origin> does not match any trusted origins." and the same for a Referer.
_QUOTED_HEADER = re.compile(r" - .* does not match any trusted origins\.$", re.DOTALL)


def reason_without_headers(reason: str) -> str:
    """Django's refusal reason with any quoted Origin or Referer value left out."""
    return _QUOTED_HEADER.sub(" - not a trusted origin.", reason)


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if request.META.get("HTTP_ORIGIN") == "null":
            del request.META["HTTP_ORIGIN"]
            request._csrf_origin_suppressed = True  # type: ignore[attr-defined]
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _check_referer(self, request: HttpRequest) -> None:
        if getattr(request, "_csrf_origin_suppressed", False) and "HTTP_REFERER" not in request.META:
            return  # the browser withheld both by our own policy; the token is still checked
        super()._check_referer(request)  # type: ignore[misc]

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponseForbidden:
        return super()._reject(request, reason_without_headers(reason))  # type: ignore[misc]
