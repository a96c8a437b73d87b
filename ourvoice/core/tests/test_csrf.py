"""Forms must work under Referrer-Policy: no-referrer, where browsers send `Origin: null`."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _token(client: Client) -> str:
    client.get("/km/")
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("secure", [False, True])
def test_a_null_origin_with_the_token_is_accepted(secure):
    client = Client(enforce_csrf_checks=True)
    token = _token(client)
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/en/", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="null",
        secure=secure,
    )
    assert response.status_code == 302


def test_a_null_origin_without_the_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    _token(client)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"}, HTTP_ORIGIN="null")
    assert response.status_code == 403


def test_a_foreign_origin_is_still_refused_even_with_the_token():
    client = Client(enforce_csrf_checks=True)
    token = _token(client)
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/en/", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403


# --- a failed check is logged without the Referer, the Origin, a query string or the address ---

SENTINELS = ("evil.example", "receipt=1234", "203.0.113.77", "UA-SENTINEL")


@pytest.fixture
def log_lines():
    """Everything the real console handler (its filters and format) writes during the test."""
    import io
    import logging

    handlers = [handler for handler in logging.getLogger().handlers if handler.filters]
    assert handlers, "the console handler of LOGGING"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]  # type: ignore[attr-defined]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/form?receipt=1234"},
        {"HTTP_REFERER": "http://evil.example/form?receipt=1234"},
        {"HTTP_REFERER": "https://evil.example:99999/?receipt=1234"},
    ],
    ids=["origin", "referer", "insecure-referer", "malformed-referer"],
)
def test_a_failed_check_is_logged_without_referer_origin_query_or_address(headers, log_lines):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="UA-SENTINEL")
    token = _token(client)
    response = client.post(
        "/i18n/setlang/?receipt=1234",
        {"language": "en", "next": "/en/", "csrfmiddlewaretoken": token},
        secure=True,
        **headers,
    )
    assert response.status_code == 403
    text = log_lines.getvalue()
    assert "Forbidden (" in text and "checking failed" in text  # the operator still sees why
    for sentinel in SENTINELS:
        assert sentinel not in text, text
