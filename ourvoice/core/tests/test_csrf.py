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
