"""Sessions end after ``SESSION_IDLE_SECONDS`` without a request (SECURITY.md E4), renewed at most
once a minute.

Django's ``SESSION_SAVE_EVERY_REQUEST`` renews a session's expiry by writing it - an UPDATE and a
commit that waits for the disk - on every page a member of staff opens, a good part of an inbox
page's time. Here a non-empty session is marked as changed (and so saved by ``SessionMiddleware``
with a new expiry) only when ``REFRESH_SECONDS`` have passed since it was last saved: a session
then ends between ``SESSION_IDLE_SECONDS`` minus a minute and ``SESSION_IDLE_SECONDS`` after the
last request. Empty sessions (a citizen who only reads) are never written, as before.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFRESH_SECONDS = 60
SAVED_AT = "_ourvoice_saved_at"


class SessionRefreshMiddleware:
    """Must come right after ``SessionMiddleware``, so that it marks the session before that saves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if session.modified or now - int(session.get(SAVED_AT, 0)) >= REFRESH_SECONDS:
                session[SAVED_AT] = now  # saved with a fresh expiry by SessionMiddleware
        return response
