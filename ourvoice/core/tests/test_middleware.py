"""PrivacyHeadersMiddleware: no-store, no-referrer and a Permissions-Policy (SECURITY.md A2, F2)."""

import pytest
from django.conf import settings
from django.test import Client

from ourvoice.core.middleware import PERMISSIONS_POLICY

pytestmark = pytest.mark.urls("ourvoice.web.tests.urls")


def test_it_and_the_csp_wrap_whitenoise_so_static_files_get_the_headers_too():
    middleware = list(settings.MIDDLEWARE)
    position = middleware.index("ourvoice.core.middleware.PrivacyHeadersMiddleware")
    assert middleware[position + 1] == "csp.middleware.CSPMiddleware"
    assert middleware[position + 2] == "whitenoise.middleware.WhiteNoiseMiddleware"


@pytest.mark.parametrize("url", ["/km/", "/en/", "/", "/km/no/such/page/", "/km/some/page/"])
def test_citizen_responses_are_not_stored_and_send_no_referrer(client, url):
    response = client.get(url)
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_permissions_policy_keeps_the_microphone_for_this_site_only(client):
    policy = dict(item.split("=") for item in client.get("/km/")["Permissions-Policy"].split(", "))
    assert policy == {"camera": "()", "geolocation": "()", "microphone": "(self)"}


def test_the_language_switch_redirect_is_not_stored_either(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store"


def test_a_view_that_chose_its_cache_policy_keeps_it(client):
    response = client.get("/km/cached/")
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Referrer-Policy"] == "no-referrer"


def test_errors_are_not_stored():
    response = Client(raise_request_exception=False).get("/km/crash/")
    assert response.status_code == 500
    assert response["Cache-Control"] == "no-store"
