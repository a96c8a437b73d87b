"""Staff sign-in: password and TOTP code together, one message for every failure (SECURITY.md E2, E3)."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import PASSWORD, Country, current_code, wrong_code
from ourvoice.core.khmer import to_khmer_digits

LOGIN = "/en/staff/login/"
HOME = "/en/staff/"
GENERIC_ERROR = "The username, password or code is not correct."


def post_login(client: Client, username: str, password: str, code: str, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code, **extra})


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_login_page_is_accessible_and_translated(client: Client) -> None:
    html = client.get(LOGIN).content.decode()
    for name, autocomplete in (("username", "username"), ("password", "current-password")):
        assert re.search(rf'<label for="id_{name}">', html)
        assert re.search(rf'<input [^>]*name="{name}"[^>]*autocomplete="{autocomplete}"', html) or re.search(
            rf'<input [^>]*autocomplete="{autocomplete}"[^>]*name="{name}"', html
        )
    assert '<label for="id_otp_token">' in html
    token_input = re.search(r'<input [^>]*name="otp_token"[^>]*>', html)
    assert token_input is not None
    assert 'autocomplete="one-time-code"' in token_input.group(0)
    assert 'inputmode="numeric"' in token_input.group(0)
    assert 'aria-describedby="id_otp_token_helptext"' in token_input.group(0)
    assert 'id="id_otp_token_helptext"' in html
    assert "<script>" not in html and "style=" not in html
    assert client.get("/km/staff/login/").status_code == 200


def test_password_alone_does_not_sign_in(client: Client, country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    response = post_login(client, user.username, PASSWORD, "")
    assert response.status_code == 200
    assert not signed_in(client)
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("code", ["-", " - ", "\u00a0"])
def test_a_code_of_separators_only_is_refused(client: Client, country: Country, make_user, code: str) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    response = post_login(client, user.username, PASSWORD, code)
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    assert not signed_in(client)


def test_wrong_code_does_not_sign_in(client: Client, country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    response = post_login(client, user.username, PASSWORD, wrong_code())
    assert GENERIC_ERROR in response.content.decode()
    assert not signed_in(client)


def test_password_and_right_code_sign_in_with_the_device(client: Client, country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    response = post_login(client, user.username, PASSWORD, current_code())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session[DEVICE_ID_SESSION_KEY]
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Tonle Basak" in home.content.decode()


def test_a_code_is_accepted_once_only(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    code = current_code()
    assert post_login(Client(), user.username, PASSWORD, code).status_code == 302
    replay = Client()
    assert post_login(replay, user.username, PASSWORD, code).status_code == 200
    assert not signed_in(replay)


def test_khmer_digits_and_spaces_in_the_code_are_accepted(
    client: Client, country: Country, make_user
) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    code = current_code()
    response = post_login(client, user.username, PASSWORD, f"{to_khmer_digits(code[:3])} {code[3:]}")
    assert response.status_code == 302
    assert signed_in(client)


def test_unknown_user_wrong_password_and_inactive_get_the_same_answer(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    inactive = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac, is_active=False)
    answers = []
    for username, password in (
        ("nobody-here", PASSWORD),
        (user.username, "not the password at all"),
        (inactive.username, PASSWORD),
    ):
        client = Client()
        response = post_login(client, username, password, current_code())
        assert response.status_code == 200
        assert not signed_in(client)
        errors = response.context["form"].non_field_errors()
        answers.append(list(errors))
    assert answers[0] == answers[1] == answers[2]
    assert GENERIC_ERROR in answers[0][0]


def test_a_user_without_confirmed_device_is_told_to_ask_an_administrator(
    client: Client, country: Country, make_user
) -> None:
    no_device = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac, device=False)
    unconfirmed = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac, confirmed=False)
    for user in (no_device, unconfirmed):
        response = post_login(client, user.username, PASSWORD, "123456")
        assert response.status_code == 200
        assert "Ask a system administrator to enrol one for you." in response.content.decode()
        assert not signed_in(client)
    # With a wrong password the account's state is not revealed.
    response = post_login(client, no_device.username, "wrong password here", "123456")
    assert "enrol" not in response.content.decode().split("<form")[1].split("</form>")[0]
    assert GENERIC_ERROR in response.content.decode()


def test_next_is_followed_only_on_this_site(client: Client, country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    target = f"/en/staff/offices/{country.tonle_bassac.pk}/"
    response = post_login(client, user.username, PASSWORD, current_code(), next=target)
    assert response["Location"] == target
    other = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    response = post_login(Client(), other.username, PASSWORD, current_code(), next="https://evil.example/")
    assert response["Location"] == reverse("accounts:home")


@pytest.mark.parametrize("path", ["/en/staff/", "/en/staff/offices/1/"])
def test_anonymous_and_password_only_sessions_see_no_staff_page(
    client: Client, country: Country, make_user, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    user = make_user(Role.SYSTEM_ADMIN)
    client.force_login(user)  # signed in with a password, but no second factor in the session
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_logout_is_post_only(client: Client, country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    assert post_login(client, user.username, PASSWORD, current_code()).status_code == 302
    assert client.get("/en/staff/logout/").status_code == 405
    assert client.get(HOME).status_code == 200  # still signed in
    response = client.post("/en/staff/logout/")
    assert response.status_code == 302
    assert not signed_in(client)
    assert client.get(HOME).status_code == 302


def test_logout_needs_the_csrf_token(country: Country, make_user) -> None:
    client = Client(enforce_csrf_checks=True)
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    client.force_login(user)
    assert client.post("/en/staff/logout/").status_code == 403
    assert signed_in(client)
