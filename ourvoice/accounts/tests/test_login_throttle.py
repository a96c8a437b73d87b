"""SECURITY.md E3: sign-in attempts are throttled per account and per client, before hashing."""

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import User
from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX
from ourvoice.demo.totp import hex_to_base32, totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "a long staff passphrase 2026"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clerk(area):
    user = User(username="clerk", role="office_staff", office=area.commune_office)
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    return user


def _login(client: Client, username: str, password: str) -> int:
    data = {"username": username, "password": password, "otp_token": "000000"}
    return client.post("/en/staff/login/", data).status_code


def test_an_account_locks_after_a_few_failures_even_from_many_clients(clerk):
    statuses = [_login(Client(REMOTE_ADDR=f"10.0.0.{n}"), "clerk", "wrong") for n in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


def test_one_client_guessing_many_accounts_is_stopped_and_others_are_not(clerk, monkeypatch):
    from ourvoice.accounts import forms

    checked = []
    real = forms.authenticate

    def counting_authenticate(*args, **kwargs):
        checked.append(kwargs.get("username"))
        return real(*args, **kwargs)

    monkeypatch.setattr(forms, "authenticate", counting_authenticate)
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [_login(attacker, f"user{n}", "guess") for n in range(30)]
    assert statuses.count(429) == 20
    assert len(checked) == 10  # no password is checked once the client is throttled
    response = attacker.post("/en/staff/login/", {"username": "u", "password": "p", "otp_token": "1"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # Someone else signs in normally.
    other = Client(REMOTE_ADDR="198.51.100.7")
    data = {"username": "clerk", "password": PASSWORD, "otp_token": totp_code(hex_to_base32(TOTP_KEY_HEX))}
    assert other.post("/en/staff/login/", data).status_code == 302
