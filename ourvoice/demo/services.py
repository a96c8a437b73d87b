"""Demo data on top of the real gazetteer: pilot provinces and offices, one account per role.

See README.md for the choices. Everything here refuses to run when ``OURVOICE_ENV`` is
"production": the demo accounts have a published password and a published TOTP secret.
"""

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.models import Role, User
from ourvoice.core.published import DEMO_API_KEY, DEMO_PASSWORD
from ourvoice.demo.totp import DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET
from ourvoice.geo.models import Province
from ourvoice.offices.models import Office

# The published demo password and Open311 API key (for trying writes): demo only, refused in
# production (ourvoice/core/published.py).
DEMO_API_KEY_NAME = "Demo app (published key, demo only)"
ACCOUNTS_FILE_NAME = "demo-accounts.json"
API_KEY_FILE_NAME = "demo-api-key.json"

# The 10 pilot provinces: the capital and its ring (12, 08), the north-west and Tonle Sap (01, 02,
# 17, 06), the Mekong east (03), the coast (07, 18) and the north-eastern uplands (16).
PILOT_PROVINCES = ("01", "02", "03", "06", "07", "08", "12", "16", "17", "18")
# 3 provincial units: the OWSU and the Provincial/Capital Ombudsman of each.
PROVINCIAL_UNIT_PROVINCES = ("12", "17", "02")
# 8 district offices (the OWSO and the District Ombudsman of each), urban and rural, all in the
# three provinces above so that every escalation stays inside the pilot; with how many of their
# communes (the first by code) take part: 30 in all.
PILOT_DISTRICTS = {
    "1201": 4,  # Khan Chamkar Mon, Phnom Penh
    "1205": 4,  # Khan Dangkao, Phnom Penh
    "1211": 4,  # Khan Praek Pnov, Phnom Penh
    "1710": 4,  # Siem Reap Municipality
    "1707": 4,  # Puok District, Siem Reap
    "1703": 4,  # Banteay Srei District, Siem Reap
    "0203": 3,  # Battambang Municipality
    "0202": 3,  # Thma Koul District, Battambang
}
# Where the demo staff work (README.md): the first pilot commune of Chamkar Mon and of Dangkao.
_HOME_DISTRICT, _OTHER_DISTRICT, _HOME_PROVINCE = "1201", "1205", "12"

T = Office.Type


class DemoSeedError(Exception):
    """The demo cannot be seeded here; the message says why and what to do."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    office: Office | None
    province: Province | None
    created: bool


@dataclass(frozen=True)
class DemoSeedResult:
    accounts: list[DemoAccount]
    pilot_provinces: int
    pilot_offices: int
    accounts_file: Path
    api_key: str
    demo_reports: int


def _one(office_type: str, label: str, **area: object) -> Office:
    office = Office.objects.filter(type=office_type, **area).first()
    if office is None:
        raise DemoSeedError(
            f"No {Office.Type(office_type).label} for {label}. "
            "Run `manage.py geo_load` and `manage.py offices_generate` first."
        )
    return office


def _pilot_offices() -> list[Office]:
    offices: list[Office] = []
    for code in PROVINCIAL_UNIT_PROVINCES:
        for office_type in (T.OWSU, T.PROVINCIAL_OMBUDSMAN):
            offices.append(_one(office_type, f"province {code}", province_id=code, district__isnull=True))
    for code, n_communes in PILOT_DISTRICTS.items():
        for office_type in (T.OWSO, T.DISTRICT_OMBUDSMAN):
            offices.append(_one(office_type, f"district {code}", district_id=code, commune__isnull=True))
        communes = list(
            Office.objects.filter(type=T.COMMUNE, district_id=code, commune__isnull=False).order_by(
                "commune_id"
            )[:n_communes]
        )
        if len(communes) < n_communes:
            raise DemoSeedError(
                f"District {code} has {len(communes)} commune offices, the pilot needs {n_communes}. "
                "Run `manage.py geo_load` and `manage.py offices_generate` first."
            )
        offices.extend(communes)
    return offices


def _mark_pilots() -> tuple[int, int]:
    """Set is_pilot on the pilot provinces and offices (never clears a flag set elsewhere)."""
    found = set(Province.objects.filter(code__in=PILOT_PROVINCES).values_list("code", flat=True))
    if missing := sorted(set(PILOT_PROVINCES) - found):
        raise DemoSeedError(f"Provinces {', '.join(missing)} are missing. Run `manage.py geo_load` first.")
    offices = _pilot_offices()
    Province.objects.filter(code__in=PILOT_PROVINCES, is_pilot=False).update(is_pilot=True)
    Office.objects.filter(pk__in=[o.pk for o in offices], is_pilot=False).update(is_pilot=True)
    return len(PILOT_PROVINCES), len(offices)


def _first_commune_office(district_code: str) -> Office:
    office = (
        Office.objects.filter(type=T.COMMUNE, district_id=district_code, is_pilot=True)
        .order_by("commune_id")
        .first()
    )
    if office is None:  # _mark_pilots has checked; only a concurrent edit gets here
        raise DemoSeedError(f"No pilot commune office in district {district_code}.")
    return office


def _account_specs() -> list[tuple[str, Role, Office | None, Province | None]]:
    home = _first_commune_office(_HOME_DISTRICT)
    other = _first_commune_office(_OTHER_DISTRICT)
    ombudsman = _one(T.DISTRICT_OMBUDSMAN, f"district {_HOME_DISTRICT}", district_id=_HOME_DISTRICT)
    national = _one(T.NATIONAL_OVERSIGHT, "the country")
    province = Province.objects.get(code=_HOME_PROVINCE)
    return [
        ("demo_office_staff", Role.OFFICE_STAFF, home, None),
        ("demo_office_head", Role.OFFICE_HEAD, home, None),
        ("demo_office_staff_2", Role.OFFICE_STAFF, other, None),
        ("demo_ombudsman", Role.OMBUDSMAN, ombudsman, None),
        ("demo_provincial_admin", Role.PROVINCIAL_ADMIN, None, province),
        ("demo_national_oversight", Role.NATIONAL_OVERSIGHT, national, None),
        ("demo_system_admin", Role.SYSTEM_ADMIN, None, None),
        # Civil society (Transparency International Cambodia, ActionAid): nationwide, read-only.
        ("demo_monitor", Role.MONITOR, None, None),
    ]


def _ensure_account(
    username: str, role: Role, office: Office | None, province: Province | None
) -> DemoAccount:
    """Create the account with the demo password and TOTP device; an existing one is left as it is."""
    existing = User.objects.filter(username=username).select_related("office", "province").first()
    if existing is not None:
        return DemoAccount(username, existing.role, existing.office, existing.province, created=False)
    is_admin = role == Role.SYSTEM_ADMIN
    user = User(
        username=username,
        first_name="Demo",
        last_name=str(role.label),
        role=role,
        office=office,
        province=province,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    TOTPDevice.objects.create(user=user, name="Demo authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=True)
    return DemoAccount(username, role, office, province, created=True)


def _ensure_api_key() -> str:
    """The published demo key, issued once (its hash is kept, as for any key)."""
    from ourvoice.apikeys.models import ApiKey
    from ourvoice.apikeys.services import PREFIX_LENGTH, apikey_create

    if not ApiKey.objects.filter(prefix=DEMO_API_KEY[:PREFIX_LENGTH]).exists():
        apikey_create(name=DEMO_API_KEY_NAME, key=DEMO_API_KEY)
    return DEMO_API_KEY


# A few reports, so that Open311 and the inboxes have something to show (idempotency keys make a
# second run add nothing): (category, commune, description).
DEMO_REPORTS = [
    ("slow-service", "120101", "I have waited three weeks for a birth certificate at the sangkat office."),
    (
        "unofficial-fee",
        "120101",
        "I was asked 20,000 riel for a residence certificate; no receipt was given.",
    ),
    ("documents", "171001", "Which documents do I need to register a small business?"),
    ("staff-conduct", "120501", "Nobody was at the office during opening hours on Monday morning."),
    ("processing-time", "020301", "How long does a construction permit take?"),
]


def _ensure_reports() -> int:
    from ourvoice.feedback.models import Category, Channel
    from ourvoice.feedback.services import AlreadyReceived, FeedbackInput, feedback_submit
    from ourvoice.geo.models import Commune

    for n, (code, commune_code, text) in enumerate(DEMO_REPORTS):
        category = Category.objects.filter(code=code, is_active=True).first()
        commune = Commune.objects.filter(code=commune_code).first()
        if category is None or commune is None:
            continue
        entry = FeedbackInput(
            kind=category.kind,
            category=category,
            description=text,
            channel=Channel.WEB,
            commune=commune,
            # The demo's complaints that ask say "not about the office" (the others are by nature).
            about_office=False if category.asks_about_office else None,
        )
        with contextlib.suppress(AlreadyReceived):  # a run long after the first: already there
            feedback_submit(data=entry, idempotency_key=f"demo-report-{n:04d}-ourvoice")
    return len(DEMO_REPORTS)


# The demo's fee table, so that the QR posters, the service pages and the fee questions show
# figures (catalogue/README.md: a real deployment enters each published fee with its source).
# Illustrative amounts for trying the platform, marked as such in ``source``; never official.
DEMO_FEE_SOURCE = "Demo data: an illustrative fee for trying Our Voice, not an official figure."
DEMO_FEE_NOTE_KM = "ទិន្នន័យសាកល្បង៖ តម្លៃនេះសម្រាប់តែការសាកល្បងប្រើប្រាស់ប៉ុណ្ណោះ មិនមែនជាតម្លៃផ្លូវការទេ។"
DEMO_FEE_NOTE_EN = "Demo data: this fee is for trying the platform only, not an official figure."
DEMO_FEES = {
    # code: (fee in riel, working days)
    "birth-certificate": (4_000, 1),
    "death-certificate": (4_000, 1),
    "marriage-certificate": (10_000, 3),
    "residence-certification": (5_000, 1),
    "civil-registration-copy": (4_000, 1),
    "document-copy-certification": (2_000, 1),
    "other-certification": (5_000, 2),
    "business-permit": (100_000, 15),
    "small-construction-permit": (200_000, 30),
    "transport-services": (40_000, 5),
    "owso-certification": (5_000, 1),
}


def _ensure_fees() -> int:
    """Give the starter services their demo fee and time where neither is published yet (what an
    administrator entered, or a run before, is kept)."""
    from ourvoice.catalogue.models import Service

    published = 0
    for service in Service.objects.filter(
        code__in=DEMO_FEES, official_fee_riel__isnull=True, processing_days__isnull=True
    ):
        service.official_fee_riel, service.processing_days = DEMO_FEES[service.code]
        service.source = DEMO_FEE_SOURCE
        service.fee_note_km, service.fee_note_en = DEMO_FEE_NOTE_KM, DEMO_FEE_NOTE_EN
        service.full_clean()
        service.save()
        published += 1
    return published


def _write_private(path: Path, value: object) -> None:
    partial = path.with_suffix(".json.tmp")
    # Readable by the owner only: it holds secrets, if only demo ones.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=2)
        out.write("\n")
    partial.replace(path)


def _write_api_key_file(api_key: str, data_dir: Path) -> Path:
    """``demo-api-key.json``: the published demo key, marked as demo (docs/open311.md)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / API_KEY_FILE_NAME
    _write_private(
        path, {"demo": True, "name": DEMO_API_KEY_NAME, "api_key": api_key, "open311": "/open311/v2/"}
    )
    return path


def _write_accounts_file(accounts: list[DemoAccount], data_dir: Path) -> Path:
    rows = [
        {
            "username": a.username,
            "role": a.role,
            "office": a.office.name_en if a.office else None,
            "password": DEMO_PASSWORD,
            "totp_secret": DEMO_TOTP_SECRET,
        }
        for a in accounts
    ]
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / ACCOUNTS_FILE_NAME
    partial = path.with_suffix(".json.tmp")
    # Readable by the owner only: it holds passwords, if only demo ones.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    partial.replace(path)
    return path


def demo_seed() -> DemoSeedResult:
    """Mark the pilot and create the demo accounts; safe to run again (README.md).

    Raises ``DemoSeedError`` in production, or when the gazetteer or the offices are not loaded.
    """
    if settings.OURVOICE_ENV == "production":
        raise DemoSeedError(
            "Refusing to seed demo accounts: OURVOICE_ENV is 'production'. Demo accounts have a "
            "published password and TOTP secret and must never exist on a production server."
        )
    with transaction.atomic():
        pilot_provinces, pilot_offices = _mark_pilots()
        accounts = [_ensure_account(*spec) for spec in _account_specs()]
        api_key = _ensure_api_key()
        _ensure_fees()
    reports = _ensure_reports()
    path = _write_accounts_file(accounts, Path(settings.DATA_DIR))
    _write_api_key_file(api_key, Path(settings.DATA_DIR))
    return DemoSeedResult(accounts, pilot_provinces, pilot_offices, path, api_key, reports)
