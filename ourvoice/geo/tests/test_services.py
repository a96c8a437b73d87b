"""gazetteer_load: files to database, idempotent, all or nothing."""

import shutil
from pathlib import Path

import pytest

from ourvoice.geo.models import Commune, District, Province, Village
from ourvoice.geo.services import GazetteerError, gazetteer_load
from ourvoice.geo.tests.fixtures import COMMUNES, DISTRICTS, PROVINCES

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(small_data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the small gazetteer that a test may change."""
    return Path(shutil.copytree(small_data_dir, tmp_path / "data"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_load_creates_every_place_with_its_parent_and_type(data_dir):
    result = gazetteer_load(data_dir=data_dir)

    assert result.levels["province"].created == len(PROVINCES) == Province.objects.count()
    assert result.levels["district"].created == len(DISTRICTS) == District.objects.count()
    assert result.levels["commune"].created == len(COMMUNES) == Commune.objects.count()
    assert result.levels["village"].created == Village.objects.count() > len(COMMUNES)
    capital = Province.objects.get(code="12")
    assert (capital.type, capital.name_km, capital.name_en) == ("capital", "ភ្នំពេញ", "Phnom Penh")
    khan = District.objects.get(code="1213")
    assert (khan.type, khan.province_id) == ("khan", "12")
    sangkat = Commune.objects.get(code="121301")
    assert (sangkat.type, sangkat.district_id, sangkat.name_km) == ("sangkat", "1213", "បឹងកេងកងទី ១")
    assert Village.objects.filter(commune_id="121301").exists()


def test_search_text_has_names_compact_names_and_aliases(data_dir):
    gazetteer_load(data_dir=data_dir)

    text = Province.objects.get(code="17").search_text
    for key in ("សៀមរាប", "siem reap", "siemreap", "siem reab", "siemreab"):
        assert f"|{key}|" in text
    assert "|kracheh|" in Province.objects.get(code="10").search_text  # alias of Kratié
    assert "|kratie|" in Province.objects.get(code="10").search_text  # the folded name


def test_second_load_changes_nothing(data_dir):
    gazetteer_load(data_dir=data_dir)
    before = {p.code: p.search_text for p in Village.objects.all()}

    result = gazetteer_load(data_dir=data_dir, force=True)

    assert not result.changed and not result.skipped
    assert all(counts.created == counts.updated == 0 for counts in result.levels.values())
    assert result.levels["village"].unchanged == len(before) == Village.objects.count()
    assert {p.code: p.search_text for p in Village.objects.all()} == before


def test_the_same_files_again_are_skipped_and_any_change_to_them_is_loaded(data_dir):
    gazetteer_load(data_dir=data_dir)
    Village.objects.filter(pk=Village.objects.values("pk")[:1]).update(name_en="Edited in the admin")

    assert gazetteer_load(data_dir=data_dir).skipped  # `make run` restarts skip it in milliseconds
    assert Village.objects.filter(name_en="Edited in the admin").exists()

    _replace(data_dir / "communes.csv", "Boeng Keng Kang Ti Muoy", "Boeng Keng Kang Muoy")
    result = gazetteer_load(data_dir=data_dir)
    assert not result.skipped and result.levels["commune"].updated == 1
    assert not Village.objects.filter(name_en="Edited in the admin").exists()  # the files win again


def test_changed_name_and_new_alias_are_updated_and_pilot_flag_kept(data_dir):
    gazetteer_load(data_dir=data_dir)
    Province.objects.filter(code="17").update(is_pilot=True)
    _replace(data_dir / "communes.csv", "Boeng Keng Kang Ti Muoy", "Boeng Keng Kang Muoy")
    with (data_dir / "aliases.csv").open("a", encoding="utf-8") as aliases:
        aliases.write("17,Angkor Province Test\n")

    result = gazetteer_load(data_dir=data_dir)

    assert result.levels["commune"].updated == 1
    assert result.levels["province"].updated == 1
    assert Commune.objects.get(code="121301").name_en == "Boeng Keng Kang Muoy"
    assert "|boeng keng kang muoy|" in Commune.objects.get(code="121301").search_text
    province = Province.objects.get(code="17")
    assert "|angkorprovincetest|" in province.search_text
    assert province.is_pilot is True


def test_places_dropped_from_the_files_are_kept_and_counted(data_dir):
    gazetteer_load(data_dir=data_dir)
    lines = (data_dir / "villages.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_dir / "villages.csv").write_text("".join(lines[:-1]), encoding="utf-8")

    result = gazetteer_load(data_dir=data_dir)

    assert result.levels["village"].not_in_files == 1
    assert Village.objects.count() == len(lines) - 1


@pytest.mark.parametrize(
    ("filename", "old", "new", "message"),
    [
        ("districts.csv", "1213,12,khan", "1213,99,khan", "unknown or mismatched parent"),
        ("districts.csv", "1213,12,khan", "1213,12,srok", "type 'srok'"),
        ("communes.csv", "121301,1213", "12130,1213", "is not 6 digits"),
        ("provinces.csv", "code,parent_code", "code,parent", "expected the columns"),
        ("aliases.csv", "17,Siem Reab", "99,Siem Reab", r"no place has the code\(s\) 99"),
    ],
)
def test_inconsistent_files_are_refused_before_anything_is_written(data_dir, filename, old, new, message):
    _replace(data_dir / filename, old, new)

    with pytest.raises(GazetteerError, match=message):
        gazetteer_load(data_dir=data_dir)

    assert not Province.objects.exists()


def test_a_failure_part_way_leaves_the_database_as_it_was(data_dir, monkeypatch):
    gazetteer_load(data_dir=data_dir)
    _replace(data_dir / "provinces.csv", "Siem Reap", "Siem Reap Changed")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Village.objects, "bulk_update", fail)  # the last write of a load
    with pytest.raises(RuntimeError):
        gazetteer_load(data_dir=data_dir)

    assert Province.objects.get(code="17").name_en == "Siem Reap"


def test_a_level_without_rows_is_no_error(data_dir):
    (data_dir / "aliases.csv").write_text("code,alias\n", encoding="utf-8")
    for filename in ("villages.csv", "communes.csv", "districts.csv", "provinces.csv"):
        (data_dir / filename).write_text("code,parent_code,type,name_km,name_en\n", encoding="utf-8")

    result = gazetteer_load(data_dir=data_dir)

    assert not result.changed and not Province.objects.exists()
