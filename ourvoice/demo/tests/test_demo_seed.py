"""manage.py demo_seed: pilot flags, one account per role, idempotent, never in production."""

import json
import os
import re
import stat
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import Role, User
from ourvoice.demo.services import DEMO_PASSWORD, PILOT_PROVINCES
from ourvoice.demo.totp import DEMO_TOTP_SECRET, totp_code
from ourvoice.geo.models import Province
from ourvoice.offices.models import Office

T = Office.Type
USERNAMES = {
    "demo_office_staff": Role.OFFICE_STAFF,
    "demo_office_head": Role.OFFICE_HEAD,
    "demo_office_staff_2": Role.OFFICE_STAFF,
    "demo_ombudsman": Role.OMBUDSMAN,
    "demo_provincial_admin": Role.PROVINCIAL_ADMIN,
    "demo_national_oversight": Role.NATIONAL_OVERSIGHT,
    "demo_system_admin": Role.SYSTEM_ADMIN,
    "demo_monitor": Role.MONITOR,
}


def seed() -> str:
    out = StringIO()
    call_command("demo_seed", stdout=out)
    return out.getvalue()


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post(
        "/en/staff/login/",
        {"username": username, "password": DEMO_PASSWORD, "otp_token": totp_code(DEMO_TOTP_SECRET)},
    )
    assert response.status_code == 302, username
    return client


def test_demo_seed_on_the_real_gazetteer_gives_a_working_pilot(data_dir: Path, db: None) -> None:
    call_command("geo_load", "--quiet")
    call_command("offices_generate", "--quiet")
    output = seed()

    assert set(Province.objects.filter(is_pilot=True).values_list("code", flat=True)) == set(PILOT_PROVINCES)
    assert {"12", "17"} <= set(PILOT_PROVINCES)
    pilot = Office.objects.filter(is_pilot=True)
    counts = {t: pilot.filter(type=t).count() for t in T}
    assert counts == {
        T.OWSU: 3,
        T.PROVINCIAL_OMBUDSMAN: 3,
        T.OWSO: 8,
        T.DISTRICT_OMBUDSMAN: 8,
        T.COMMUNE: 30,
        T.NATIONAL_OVERSIGHT: 0,
    }
    assert not pilot.exclude(province__is_pilot=True).exists()
    # Every pilot commune and OWSO answers to a pilot District Ombudsman, which answers to a pilot
    # Provincial Ombudsman: escalations stay inside the pilot.
    for office in pilot.filter(type__in=[T.COMMUNE, T.OWSO, T.DISTRICT_OMBUDSMAN]):
        assert office.oversight is not None and office.oversight.is_pilot

    users = {u.username: u for u in User.objects.select_related("office")}
    assert {name: users[name].role for name in USERNAMES} == USERNAMES
    assert set(Role.values) == {u.role for u in users.values()}
    staff, staff_2 = users["demo_office_staff"], users["demo_office_staff_2"]
    assert staff.office is not None and staff_2.office is not None
    national = users["demo_national_oversight"].office
    assert national is not None
    assert staff.office == users["demo_office_head"].office and staff.office.is_pilot
    assert staff_2.office != staff.office and staff_2.office.is_pilot
    assert users["demo_ombudsman"].office == staff.office.oversight
    assert users["demo_provincial_admin"].province_id == staff.office.province_id
    assert national.type == T.NATIONAL_OVERSIGHT

    # Every account signs in with the printed password and code, and sees what its role allows.
    for username in USERNAMES:
        assert sign_in(username).get("/en/staff/").status_code == 200
        assert username in output
    office_page = "/en/staff/offices/{}/".format
    assert sign_in_again("demo_office_staff").get(office_page(staff_2.office.pk)).status_code == 404


def sign_in_again(username: str) -> Client:
    """A second sign-in needs a code of a later time step: reuse the session of the first one."""
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def test_every_role_is_created_with_a_confirmed_demo_device(pilot_places: None, data_dir: Path) -> None:
    seed()
    for username, role in USERNAMES.items():
        user = User.objects.get(username=username)
        assert user.role == role
        user.full_clean()
        assert user.check_password(DEMO_PASSWORD)
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed
        validate_password(DEMO_PASSWORD, user)
    admin = User.objects.get(username="demo_system_admin")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_staff=True).exclude(role=Role.SYSTEM_ADMIN).exists()


def test_demo_accounts_see_what_their_role_allows(pilot_places: None, data_dir: Path) -> None:
    seed()
    staff_2_office = User.objects.get(username="demo_office_staff_2").office
    home_office = User.objects.get(username="demo_office_staff").office
    assert staff_2_office is not None and home_office is not None
    page = "/en/staff/offices/{}/".format
    assert sign_in("demo_office_staff").get(page(staff_2_office.pk)).status_code == 404
    ombudsman = sign_in("demo_ombudsman")
    assert ombudsman.get(page(home_office.pk)).status_code == 200
    assert ombudsman.get(page(staff_2_office.pk)).status_code == 404
    assert sign_in("demo_provincial_admin").get(page(staff_2_office.pk)).status_code == 200
    assert sign_in("demo_system_admin").get("/en/admin/").status_code == 200
    monitor = sign_in("demo_monitor")  # nationwide, read-only, no administration
    assert monitor.get(page(staff_2_office.pk)).status_code == 200
    assert monitor.get("/en/staff/analytics/").status_code == 200
    assert monitor.get("/en/admin/").status_code in (302, 403)


def test_demo_seed_writes_the_accounts_file(pilot_places: None, data_dir: Path) -> None:
    seed()
    path = data_dir / "demo-accounts.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert [row["username"] for row in rows] == list(USERNAMES)
    for row in rows:
        assert set(row) == {"username", "role", "office", "password", "totp_secret"}
        assert row["password"] == DEMO_PASSWORD
        assert row["totp_secret"] == DEMO_TOTP_SECRET
        assert row["role"] == USERNAMES[row["username"]]
        user = User.objects.get(username=row["username"])
        assert row["office"] == (user.office.name_en if user.office else None)
    assert {row["username"] for row in rows if row["office"] is None} == {
        "demo_provincial_admin",
        "demo_system_admin",
        "demo_monitor",
    }


def test_demo_seed_prints_the_accounts_secret_and_a_current_code(pilot_places: None, data_dir: Path) -> None:
    output = seed()
    for username, role in USERNAMES.items():
        assert re.search(rf"^{username}\s+{role}\s+\S.*\s+created$", output, re.MULTILINE)
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    match = re.search(r"Code right now:\s+(\d{6})\b", output)
    assert match is not None
    now = totp_code(DEMO_TOTP_SECRET)
    assert match.group(1) in {now, totp_code(DEMO_TOTP_SECRET, at=time.time() - 30)}
    assert str(data_dir / "demo-accounts.json") in output


def test_demo_seed_is_idempotent_and_keeps_what_was_edited(pilot_places: None, data_dir: Path) -> None:
    seed()
    head = User.objects.get(username="demo_office_head")
    head.set_password("an administrator changed this passphrase")
    head.first_name = "Sopheap"
    head.save()
    TOTPDevice.objects.filter(user__username="demo_ombudsman").delete()
    Office.objects.filter(is_pilot=True, type=T.OWSU).update(phone="023 000 000")
    users, devices, offices = User.objects.count(), TOTPDevice.objects.count(), Office.objects.count()

    output = seed()

    assert (User.objects.count(), TOTPDevice.objects.count(), Office.objects.count()) == (
        users,
        devices,
        offices,
    )
    head.refresh_from_db()
    assert head.first_name == "Sopheap"
    assert head.check_password("an administrator changed this passphrase")
    assert not TOTPDevice.objects.filter(user__username="demo_ombudsman").exists()
    assert Office.objects.filter(is_pilot=True).count() == 52
    assert Office.objects.filter(is_pilot=True, type=T.OWSU, phone="023 000 000").count() == 3
    assert Province.objects.filter(is_pilot=True).count() == 10
    assert output.count("already there") == len(USERNAMES)
    assert len(json.loads((data_dir / "demo-accounts.json").read_text())) == len(USERNAMES)


def test_demo_seed_refuses_production(pilot_places: None, data_dir: Path, settings) -> None:
    settings.OURVOICE_ENV = "production"
    with pytest.raises(CommandError, match="Refusing to seed demo accounts: OURVOICE_ENV is 'production'"):
        seed()
    assert not User.objects.exists()
    assert not Province.objects.filter(is_pilot=True).exists()
    assert not (data_dir / "demo-accounts.json").exists()


def test_demo_seed_exits_non_zero_in_production(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "OURVOICE_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "OURVOICE_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_seed"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Refusing to seed demo accounts" in result.stderr
    assert not (tmp_path / "demo-accounts.json").exists()


def test_demo_seed_explains_what_to_run_first(db: None, data_dir: Path) -> None:
    with pytest.raises(CommandError, match="geo_load"):
        seed()
    Province.objects.bulk_create(
        [Province(code=code, name_km=code, name_en=code, type="province") for code in PILOT_PROVINCES]
    )
    with pytest.raises(CommandError, match="offices_generate"):
        seed()
    assert not User.objects.exists()
    assert not Province.objects.filter(is_pilot=True).exists()


def test_demo_seed_issues_the_published_api_key_and_demo_reports(pilot_places: None, data_dir: Path) -> None:
    from ourvoice.apikeys.selectors import apikey_authenticate
    from ourvoice.demo.services import DEMO_API_KEY, DEMO_REPORTS
    from ourvoice.feedback.models import Feedback

    output = seed()
    assert DEMO_API_KEY in output
    path = data_dir / "demo-api-key.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (
        json.loads(path.read_text())["api_key"] == DEMO_API_KEY
        and json.loads(path.read_text())["demo"] is True
    )
    assert apikey_authenticate(key=DEMO_API_KEY) is not None
    reports = Feedback.objects.count()
    assert reports == len(DEMO_REPORTS)
    seed()  # a second run adds nothing
    assert Feedback.objects.count() == reports
    response = Client().get("/open311/v2/requests.json")
    assert response.status_code == 200 and len(response.json()) >= 3
