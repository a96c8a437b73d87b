"""API keys: issued once (admin and command), stored only as a hash, revoked, rate-limited."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from ourvoice.apikeys.models import ApiKey
from ourvoice.apikeys.ratelimit import rate_limit_hit
from ourvoice.apikeys.selectors import apikey_authenticate
from ourvoice.apikeys.services import KEY_PATTERN

pytestmark = pytest.mark.django_db
URL = "/en/admin/apikeys/apikey/"


def _dump() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM apikeys_apikey")
        return repr(cursor.fetchall())


def test_the_command_prints_the_key_once_and_stores_only_its_hash():
    out, err = io.StringIO(), io.StringIO()
    call_command("apikey_create", "--name", "Transparency app", "--rate", "30", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert KEY_PATTERN.fullmatch(key)
    api_key = ApiKey.objects.get()
    assert (api_key.name, api_key.rate_per_minute, api_key.prefix) == ("Transparency app", 30, key[:12])
    assert key not in _dump() and key[12:] not in _dump()
    assert key not in err.getvalue() and api_key.prefix in err.getvalue()
    assert apikey_authenticate(key=key) == api_key
    assert apikey_authenticate(key=key[:-1] + ("A" if key[-1] != "A" else "B")) is None


def test_the_command_refuses_a_bad_rate():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "apikey_create", "--name", "x", "--rate", "0", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert not ApiKey.objects.exists()


def test_the_admin_shows_a_new_key_once_and_revokes(verified_admin_client):
    page = verified_admin_client.get(f"{URL}add/")
    assert page.status_code == 200
    response = verified_admin_client.post(f"{URL}add/", {"name": "City dashboard", "rate_per_minute": "120"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [key] = re.findall(r'value="(ovk_[^"]+)"', response.content.decode())
    api_key = ApiKey.objects.get()
    assert apikey_authenticate(key=key) == api_key and api_key.rate_per_minute == 120
    # Never again: not on the change page, not in the list.
    for url in (URL, f"{URL}{api_key.pk}/change/"):
        assert key not in verified_admin_client.get(url).content.decode()
    assert verified_admin_client.post(f"{URL}{api_key.pk}/delete/").status_code == 403
    response = verified_admin_client.post(
        URL, {"action": "revoke_keys", "_selected_action": [api_key.pk]}, follow=True
    )
    assert response.status_code == 200
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert apikey_authenticate(key=key) is None


def test_rate_limit_counts_per_bucket():
    assert [rate_limit_hit(bucket="a", per_minute=2) for _ in range(2)] == [None, None]
    wait = rate_limit_hit(bucket="a", per_minute=2)
    assert wait is not None and 1 <= wait <= 60
    assert rate_limit_hit(bucket="b", per_minute=2) is None
