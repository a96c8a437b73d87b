"""Issue 15: what `make run` and the demo publish opens nothing in production, even in a database
that once received a demo seed: the demo password signs no one in, the demo API key is refused."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import User
from ourvoice.apikeys.services import apikey_create
from ourvoice.core.published import DEMO_API_KEY, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from ourvoice.demo.totp import hex_to_base32, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_account(area):
    """An account as demo_seed makes it: the published password and TOTP key."""
    user = User(username="demo.clerk", role="office_staff", office=area.commune_office)
    user.set_password(DEMO_PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
    return user


def _sign_in(password: str) -> int:
    code = totp_code(hex_to_base32(DEMO_TOTP_KEY_HEX))
    response = Client().post(
        "/en/staff/login/", {"username": "demo.clerk", "password": password, "otp_token": code}
    )
    if response.status_code == 200:
        assert "The username, password or code is not correct" in response.content.decode()
    return response.status_code


def test_the_demo_password_signs_in_only_outside_production(demo_account, settings):
    assert _sign_in(DEMO_PASSWORD) == 302  # the demo
    settings.OURVOICE_ENV = "production"
    cache.clear()  # a new TOTP step is not needed: the password is refused before the code
    assert _sign_in(DEMO_PASSWORD) == 200  # the form again, with the usual message
    demo_account.set_password("a new long passphrase for production")
    demo_account.save()
    with time_machine.travel(time.time() + 60):  # a code is used once: the next one
        assert _sign_in("a new long passphrase for production") == 302


def test_the_demo_api_key_writes_only_outside_production(area, settings):
    apikey_create(name="Demo app", key=DEMO_API_KEY)
    data = {"api_key": DEMO_API_KEY, "service_code": "slow-service", "address_id": area.commune.code,
            "description": "I waited two weeks.", "attribute[about_office]": "no"}  # fmt: skip
    assert Client().post("/open311/v2/requests.json", data).status_code == 200
    settings.OURVOICE_ENV = "production"
    refused = Client().post("/open311/v2/requests.json", data)
    assert refused.status_code == 403
    issued = apikey_create(name="Partner")  # a key issued in production works there
    assert Client().post("/open311/v2/requests.json", {**data, "api_key": issued.key}).status_code == 200
