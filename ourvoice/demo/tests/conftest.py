"""The pilot's places and offices, built with the ORM from the shipped gazetteer files.

Only what demo_seed needs: the 10 pilot provinces, the 8 pilot districts with all their communes,
and the offices of DOMAIN.md for them (one test runs the real geo_load + offices_generate).
"""

import csv
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from ourvoice.demo.services import PILOT_DISTRICTS, PILOT_PROVINCES, PROVINCIAL_UNIT_PROVINCES
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office

GAZETTEER = Path(django_settings.BASE_DIR) / "ourvoice" / "geo" / "data"
T = Office.Type


def _rows(name: str) -> list[dict[str, str]]:
    with (GAZETTEER / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _office(type_: str, oversight: Office | None, name: str, **area: object) -> Office:
    return Office.objects.create(type=type_, name_en=name, name_km=name, oversight=oversight, **area)


@pytest.fixture
def pilot_places(db: None) -> None:
    for row in _rows("provinces.csv"):
        if row["code"] in PILOT_PROVINCES:
            Province.objects.create(
                code=row["code"], type=row["type"], name_km=row["name_km"], name_en=row["name_en"]
            )
    districts = [row for row in _rows("districts.csv") if row["code"] in PILOT_DISTRICTS]
    for row in districts:
        District.objects.create(
            code=row["code"],
            type=row["type"],
            province_id=row["parent_code"],
            name_km=row["name_km"],
            name_en=row["name_en"],
        )
    for row in _rows("communes.csv"):
        if row["parent_code"] in PILOT_DISTRICTS:
            Commune.objects.create(
                code=row["code"],
                type=row["type"],
                district_id=row["parent_code"],
                name_km=row["name_km"],
                name_en=row["name_en"],
            )
    national = _office(T.NATIONAL_OVERSIGHT, None, "Ministry of Interior")
    ombudsmen = {}
    for code in PROVINCIAL_UNIT_PROVINCES:
        _office(T.OWSU, national, f"OWSU {code}", province_id=code)
        ombudsmen[code] = _office(
            T.PROVINCIAL_OMBUDSMAN, national, f"Provincial Ombudsman {code}", province_id=code
        )
    for district in District.objects.all():
        do = _office(
            T.DISTRICT_OMBUDSMAN,
            ombudsmen[district.province_id],
            f"District Ombudsman {district.name_en}",
            province_id=district.province_id,
            district=district,
        )
        _office(T.OWSO, do, f"OWSO {district.name_en}", province_id=district.province_id, district=district)
        for commune in district.communes.all():
            _office(
                T.COMMUNE,
                do,
                f"{commune.name_en} office",
                province_id=district.province_id,
                district=district,
                commune=commune,
            )


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path
