"""The Django admin is for verified system administrators only (README.md, "Administration")."""

from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.admin import admin_site
from ourvoice.accounts.models import Role, User
from ourvoice.accounts.tests.conftest import PASSWORD, Country, current_code, sign_in_verified

ADMIN = "/en/admin/"


def make_sysadmin(make_user, **fields) -> User:
    return make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True, **fields)


def test_a_verified_system_admin_gets_the_admin(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_sysadmin(make_user))
    response = client.get(ADMIN)
    assert response.status_code == 200
    assert "Our Voice administration" in response.content.decode()
    assert client.get(f"{ADMIN}accounts/user/").status_code == 200
    devices = client.get(f"{ADMIN}accounts/authenticatordevice/")
    assert devices.status_code == 200
    device = TOTPDevice.objects.get()
    qr = client.get(f"{ADMIN}accounts/authenticatordevice/{device.pk}/qrcode/")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"


def test_an_office_head_with_is_staff_still_gets_no_admin(
    client: Client, country: Country, make_user
) -> None:
    head = make_user(Role.OFFICE_HEAD, office=country.tonle_bassac, is_staff=True, is_superuser=True)
    sign_in_verified(client, head)
    for path in (ADMIN, f"{ADMIN}accounts/user/", f"{ADMIN}accounts/user/{head.pk}/change/"):
        response = client.get(path, follow=True)
        assert response.status_code == 403
        html = response.content.decode()
        assert "for system administrators only" in html
        assert "Our Voice administration" not in html
    assert (
        client.post(f"{ADMIN}accounts/user/{head.pk}/change/", {"role": Role.SYSTEM_ADMIN}).status_code == 302
    )
    head.refresh_from_db()
    assert head.role == Role.OFFICE_HEAD


def test_a_system_admin_needs_is_staff_and_the_second_factor(country: Country, make_user) -> None:
    not_staff = Client()
    sign_in_verified(not_staff, make_user(Role.SYSTEM_ADMIN, is_superuser=True))
    assert not_staff.get(ADMIN, follow=True).status_code == 403

    password_only = Client()
    password_only.force_login(make_sysadmin(make_user))
    response = password_only.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/staff/login/?next={ADMIN}"
    assert response.status_code == 200
    assert "Staff sign-in" in response.content.decode()


def test_the_admin_sign_in_goes_through_the_staff_form(client: Client, country: Country, make_user) -> None:
    sysadmin = make_sysadmin(make_user)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/staff/login/?next={ADMIN}"
    response = client.post(
        f"/en/staff/login/?next={ADMIN}",
        {"username": sysadmin.username, "password": PASSWORD, "otp_token": current_code(), "next": ADMIN},
    )
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_has_permission_checks_every_condition(rf, country: Country, make_user) -> None:
    def allowed(user: User, is_verified: bool = True) -> bool:
        request = rf.get(ADMIN)
        user.is_verified = lambda: is_verified  # type: ignore[attr-defined]
        request.user = user
        return admin_site.has_permission(request)

    assert allowed(make_sysadmin(make_user))
    assert not allowed(make_sysadmin(make_user), is_verified=False)
    assert not allowed(make_sysadmin(make_user, is_active=False))
    assert not allowed(make_user(Role.SYSTEM_ADMIN, is_staff=False))
    assert not allowed(make_user(Role.NATIONAL_OVERSIGHT, office=country.national, is_staff=True))
    assert not allowed(make_user("", is_staff=True, is_superuser=True))


def change_form_data(user: User, **changes) -> dict[str, object]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "role": user.role,
        "office": user.office_id or "",
        "province": user.province_id or "",
        "is_focal_point": "on" if user.is_focal_point else "",
        "_save": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_the_admin_user_form_validates_role_and_scope(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_sysadmin(make_user))
    staff = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    url = f"{ADMIN}accounts/user/{staff.pk}/change/"
    response = client.post(url, change_form_data(staff, role=Role.OMBUDSMAN))
    assert response.status_code == 200
    assert "An ombudsman belongs to an ombudsman office." in response.content.decode()
    response = client.post(url, change_form_data(staff, role=Role.PROVINCIAL_ADMIN))
    assert "Provincial administration needs a province." in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.OFFICE_STAFF


def test_a_role_change_in_the_admin_ends_the_users_sessions(country: Country, make_user) -> None:
    admin_client, staff_client = Client(), Client()
    sign_in_verified(admin_client, make_sysadmin(make_user))
    staff = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    sign_in_verified(staff_client, staff)
    assert staff_client.get("/en/staff/").status_code == 200
    response = admin_client.post(
        f"{ADMIN}accounts/user/{staff.pk}/change/",
        change_form_data(staff, role=Role.OFFICE_HEAD),
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.OFFICE_HEAD
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(staff.pk)]
    assert staff_client.get("/en/staff/").status_code == 302
    assert admin_client.get(ADMIN).status_code == 200  # the administrator's own session goes on


def test_adding_a_user_in_the_admin_validates_the_role(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_sysadmin(make_user))
    data = {
        "username": "new-ombudsman",
        "usable_password": "true",
        "password1": "a fresh long passphrase",
        "password2": "a fresh long passphrase",
        "role": Role.OMBUDSMAN,
        "office": country.tonle_bassac.pk,
        "_save": "Save",
    }
    response = client.post(f"{ADMIN}accounts/user/add/", data)
    assert response.status_code == 200
    assert "An ombudsman belongs to an ombudsman office." in response.content.decode()
    data["office"] = country.chamkar_mon_ombudsman.pk
    assert client.post(f"{ADMIN}accounts/user/add/", data).status_code == 302
    assert User.objects.get(username="new-ombudsman").office == country.chamkar_mon_ombudsman
