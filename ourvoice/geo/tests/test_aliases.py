"""The shipped alias table against the shipped gazetteer (reads the files, no database)."""

import csv
from collections import Counter

import pytest

from ourvoice.core.khmer import compact_key
from ourvoice.geo.search import name_keys, query_keys
from ourvoice.geo.services import DATA_DIR


def _read(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


PLACES = {row["code"]: row for name in ("provinces", "districts", "communes") for row in _read(f"{name}.csv")}
ALIASES = _read("aliases.csv")


def _keys(code: str) -> set[str]:
    place = PLACES[code]
    aliases = [row["alias"] for row in ALIASES if row["code"] == code]
    return set(name_keys([place["name_km"], place["name_en"], *aliases]))


def test_every_alias_names_a_real_place_once():
    assert ALIASES
    assert all(row["code"] in PLACES for row in ALIASES)
    assert not [
        pair for pair, n in Counter((r["code"], compact_key(r["alias"])) for r in ALIASES).items() if n > 1
    ]


def test_aliases_differ_from_the_gazetteer_names_once_normalised():
    same = [
        row
        for row in ALIASES
        if compact_key(row["alias"])
        in {compact_key(PLACES[row["code"]][key]) for key in ("name_en", "name_km")}
    ]
    assert same == []


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        *[(s, "17") for s in ("Siem Reap", "Siemreab", "Siem Reab", "SIEMREAB")],
        *[(s, "10") for s in ("Kratie", "Kracheh", "Kratié")],
        *[(s, "21") for s in ("Takeo", "Takev", "Takéo")],
        *[(s, "19") for s in ("Stung Treng", "Stueng Traeng", "Steung Treng")],
        *[(s, "03") for s in ("Kampong Cham", "Kompong Cham")],
        *[(s, "04") for s in ("Kampong Chhnang", "Kompong Chhnang")],
        *[(s, "05") for s in ("Kampong Speu", "Kompong Speu")],
        *[(s, "06") for s in ("Kampong Thom", "Kompong Thom")],
        *[(s, "18") for s in ("Preah Sihanouk", "Sihanoukville", "Kampong Som", "Kompong Som")],
        *[(s, "11") for s in ("Mondulkiri", "Mondul Kiri")],
        *[(s, "16") for s in ("Ratanakiri", "Rotanak Kiri", "Ratanak Kiri")],
        *[(s, "02") for s in ("Battambang", "Batdambang")],
        *[(s, "15") for s in ("Pursat", "Pouthisat")],
        *[(s, "22") for s in ("Oddar Meanchey", "Otdar Mean Chey")],
        *[(s, "25") for s in ("Tbong Khmum", "Tboung Khmum")],
        *[(s, "12") for s in ("Phnom Penh", "Phnum Penh")],
        *[(s, "09") for s in ("Koh Kong", "Kaoh Kong")],
        *[(s, "0110") for s in ("Poipet", "Paoy Paet", "Poi Pet")],
        *[(s, "1208") for s in ("Sen Sok", "Saensokh", "Khan Sen Sok")],
        ("Kompong Trach", "0706"),
        ("Toul Kork", "1204"),
    ],
)
def test_common_spellings_are_whole_name_keys_of_their_place(spelling, code):
    assert set(query_keys(spelling)) & _keys(code)
