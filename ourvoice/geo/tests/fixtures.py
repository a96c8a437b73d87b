"""Fixtures shared by the geo, offices and API tests (imported by their conftest.py).

``gazetteer`` loads a small slice of the real files through the real loader: the capital and
three provinces, six districts of every type, a few communes and their villages. Only one test
(offices/tests/test_full_country.py) loads the whole country.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from ourvoice.geo.services import DATA_DIR, gazetteer_load

PROVINCES = {"08", "10", "12", "17"}  # Kandal, Kratié, Phnom Penh (capital), Siem Reap
DISTRICTS = {"0801", "1002", "1208", "1213", "1701", "1710"}  # district, municipality, khan
COMMUNES = {
    "080101",
    "080122",  # Siem Reap commune, in Kandal
    "100207",  # Kaoh Trong: ោ, typed as េ + ា by some keyboards
    "100209",
    "100211",  # Roka Kandal: coeng DA
    "120801",
    "121301",
    "121304",
    "170101",
    "171009",
}


def _kept(filename: str, code: str) -> bool:
    if filename == "villages.csv":
        return code[:6] in COMMUNES
    if filename == "aliases.csv":
        return code in PROVINCES | DISTRICTS | COMMUNES
    return (
        code in {"provinces.csv": PROVINCES, "districts.csv": DISTRICTS, "communes.csv": COMMUNES}[filename]
    )


def write_small_gazetteer(directory: Path) -> Path:
    """Copy the rows of the chosen places (and all their villages and aliases) into ``directory``."""
    for filename in ("provinces.csv", "districts.csv", "communes.csv", "villages.csv", "aliases.csv"):
        with (DATA_DIR / filename).open(encoding="utf-8", newline="") as source:
            reader = csv.DictReader(source)
            rows = [row for row in reader if _kept(filename, row["code"])]
            fieldnames = reader.fieldnames or []
        with (directory / filename).open("w", encoding="utf-8", newline="") as target:
            writer = csv.DictWriter(target, fieldnames=fieldnames, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return directory


@pytest.fixture(scope="session")
def small_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_small_gazetteer(tmp_path_factory.mktemp("gazetteer"))


@pytest.fixture
def gazetteer(db: None, small_data_dir: Path) -> Path:
    gazetteer_load(data_dir=small_data_dir)
    return small_data_dir


@pytest.fixture
def verified_admin_client(db: None) -> Iterator[Client]:
    """A system administrator signed in with a second factor, as the admin site requires."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.models import Role, User

    user = User.objects.create_superuser(
        "root", "root@example.org", "a-long-test-password", role=Role.SYSTEM_ADMIN
    )
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    yield client
