"""A small country for the accounts tests, built directly with the ORM.

Two provinces; the oversight chain follows DOMAIN.md:
national <- provincial ombudsman / OWSU <- district ombudsman <- OWSO / commune offices.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import User
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office

PASSWORD = "a long staff passphrase 2026"
TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def current_code(key_hex: str = TOTP_KEY_HEX) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def wrong_code(key_hex: str = TOTP_KEY_HEX) -> str:
    """A code that no time step near now accepts (the device tolerates one step either way)."""
    near = {f"{totp(bytes.fromhex(key_hex), drift=d):06d}" for d in range(-3, 4)}
    return next(
        c
        for c in ("000000", "111111", "222222", "333333", "444444", "555555", "666666", "777777")
        if c not in near
    )


@dataclass
class Country:
    pp: Province
    sr: Province
    national: Office
    pp_ombudsman: Office
    pp_owsu: Office
    chamkar_mon_ombudsman: Office  # district 1201
    chamkar_mon_owso: Office
    tonle_bassac: Office  # commune office in 1201
    boeng_keng_kang: Office  # commune office in 1201
    doun_penh_ombudsman: Office  # district 1202
    doun_penh_owso: Office
    wat_phnom: Office  # commune office in 1202
    sr_ombudsman: Office
    sr_owsu: Office
    sr_city_ombudsman: Office  # district 1710
    sr_city_owso: Office
    sla_kram: Office  # commune office in 1710

    def all_offices(self) -> list[Office]:
        return [v for v in vars(self).values() if isinstance(v, Office)]


def _office(type_: str, name: str, oversight: Office | None, **area: Any) -> Office:
    return Office.objects.create(
        type=type_, name_en=name, name_km=f"ការិយាល័យ {name}", oversight=oversight, **area
    )


@pytest.fixture
def country(db: None) -> Country:
    pp = Province.objects.create(code="12", name_km="ភ្នំពេញ", name_en="Phnom Penh", type="capital")
    sr = Province.objects.create(code="17", name_km="សៀមរាប", name_en="Siem Reap", type="province")
    cm = District.objects.create(
        code="1201", name_km="ចំការមន", name_en="Chamkar Mon", type="khan", province=pp
    )
    dp = District.objects.create(code="1202", name_km="ដូនពេញ", name_en="Doun Penh", type="khan", province=pp)
    src = District.objects.create(
        code="1710", name_km="សៀមរាប", name_en="Siem Reap", type="municipality", province=sr
    )
    tb = Commune.objects.create(
        code="120101", name_km="ទន្លេបាសាក់", name_en="Tonle Basak", type="sangkat", district=cm
    )
    bkk = Commune.objects.create(
        code="120102", name_km="បឹងកេងកង", name_en="Boeng Keng Kang", type="sangkat", district=cm
    )
    wp = Commune.objects.create(
        code="120201", name_km="វត្តភ្នំ", name_en="Voat Phnum", type="sangkat", district=dp
    )
    sk = Commune.objects.create(
        code="171001", name_km="ស្លក្រាម", name_en="Sla Kram", type="sangkat", district=src
    )

    T = Office.Type
    national = _office(T.NATIONAL_OVERSIGHT, "National oversight", None)
    pp_omb = _office(T.PROVINCIAL_OMBUDSMAN, "Phnom Penh Ombudsman", national, province=pp)
    pp_owsu = _office(T.OWSU, "Phnom Penh OWSU", national, province=pp)
    cm_omb = _office(T.DISTRICT_OMBUDSMAN, "Chamkar Mon Ombudsman", pp_omb, province=pp, district=cm)
    dp_omb = _office(T.DISTRICT_OMBUDSMAN, "Doun Penh Ombudsman", pp_omb, province=pp, district=dp)
    sr_omb = _office(T.PROVINCIAL_OMBUDSMAN, "Siem Reap Ombudsman", national, province=sr)
    src_omb = _office(T.DISTRICT_OMBUDSMAN, "Siem Reap City Ombudsman", sr_omb, province=sr, district=src)
    return Country(
        pp=pp,
        sr=sr,
        national=national,
        pp_ombudsman=pp_omb,
        pp_owsu=pp_owsu,
        chamkar_mon_ombudsman=cm_omb,
        chamkar_mon_owso=_office(T.OWSO, "Chamkar Mon OWSO", cm_omb, province=pp, district=cm),
        tonle_bassac=_office(T.COMMUNE, "Tonle Basak", cm_omb, province=pp, district=cm, commune=tb),
        boeng_keng_kang=_office(T.COMMUNE, "Boeng Keng Kang", cm_omb, province=pp, district=cm, commune=bkk),
        doun_penh_ombudsman=dp_omb,
        doun_penh_owso=_office(T.OWSO, "Doun Penh OWSO", dp_omb, province=pp, district=dp),
        wat_phnom=_office(T.COMMUNE, "Voat Phnum", dp_omb, province=pp, district=dp, commune=wp),
        sr_ombudsman=sr_omb,
        sr_owsu=_office(T.OWSU, "Siem Reap OWSU", national, province=sr),
        sr_city_ombudsman=src_omb,
        sr_city_owso=_office(T.OWSO, "Siem Reap City OWSO", src_omb, province=sr, district=src),
        sla_kram=_office(T.COMMUNE, "Sla Kram", src_omb, province=sr, district=src, commune=sk),
    )


@pytest.fixture
def make_user(db: None) -> Any:
    """Create a user with a password and (by default) a confirmed TOTP device on RFC 6238's key."""
    counter = iter(range(10_000))

    def make(
        role: str = "",
        *,
        office: Office | None = None,
        province: Province | None = None,
        device: bool = True,
        confirmed: bool = True,
        **fields: Any,
    ) -> User:
        username = fields.pop("username", None) or f"{role or 'norole'}-{next(counter)}"
        user = User(username=username, role=role, office=office, province=province, **fields)
        user.set_password(PASSWORD)
        user.full_clean()
        user.save()
        if device:
            TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=confirmed)
        return user

    return make


def sign_in_verified(client: Client, user: User) -> None:
    """What a successful password + TOTP sign-in leaves in the session, without the form."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()


def verified(user: User) -> User:
    """Mark an in-memory user as OTPMiddleware does after a verified sign-in."""
    setattr(user, "otp_device", TOTPDevice.objects.filter(user=user).first())  # noqa: B010
    setattr(user, "is_verified", lambda: True)  # noqa: B010
    return user
