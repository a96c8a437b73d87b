"""offices_generate on the small gazetteer: every office, the oversight chain, idempotent."""

from pathlib import Path

import pytest

from ourvoice.geo.models import Commune, District, Province
from ourvoice.geo.services import gazetteer_load
from ourvoice.geo.tests.fixtures import write_small_gazetteer
from ourvoice.offices.models import Office
from ourvoice.offices.services import offices_generate

pytestmark = pytest.mark.usefixtures("gazetteer")
T = Office.Type


def _office(office_type: str, **area: object) -> Office:
    return Office.objects.get(type=office_type, **area)


def test_one_office_of_each_type_per_unit():
    result = offices_generate()

    provinces, districts, communes = (
        Province.objects.count(),
        District.objects.count(),
        Commune.objects.count(),
    )
    expected = {
        T.NATIONAL_OVERSIGHT: 1,
        T.PROVINCIAL_OMBUDSMAN: provinces,
        T.OWSU: provinces,
        T.DISTRICT_OMBUDSMAN: districts,
        T.OWSO: districts,
        T.COMMUNE: communes,
    }
    for office_type, count in expected.items():
        assert Office.objects.filter(type=office_type).count() == count, office_type
        assert result.types[office_type].created == count
    assert Office.objects.count() == sum(expected.values())


def test_areas_are_complete_for_each_level():
    offices_generate()

    sangkat = _office(T.COMMUNE, commune_id="121301")
    assert (sangkat.province_id, sangkat.district_id) == ("12", "1213")
    for office_type in (T.OWSO, T.DISTRICT_OMBUDSMAN):
        office = _office(office_type, district_id="1710")
        assert (office.province_id, office.commune_id) == ("17", None)
    for office_type in (T.OWSU, T.PROVINCIAL_OMBUDSMAN):
        office = _office(office_type, province_id="17")
        assert (office.district_id, office.commune_id) == (None, None)
    national = _office(T.NATIONAL_OVERSIGHT)
    assert (national.province_id, national.district_id, national.commune_id) == (None, None, None)


def test_oversight_chain_of_every_office_type():
    offices_generate()
    national = _office(T.NATIONAL_OVERSIGHT)
    for code in ("12", "17"):
        provincial = _office(T.PROVINCIAL_OMBUDSMAN, province_id=code)
        assert provincial.oversight == national
        assert _office(T.OWSU, province_id=code).oversight == national
    for district in District.objects.all():
        ombudsman = _office(T.DISTRICT_OMBUDSMAN, district=district)
        assert ombudsman.oversight == _office(T.PROVINCIAL_OMBUDSMAN, province_id=district.province_id)
        assert _office(T.OWSO, district=district).oversight == ombudsman
    for commune in Commune.objects.all():
        assert _office(T.COMMUNE, commune=commune).oversight == _office(
            T.DISTRICT_OMBUDSMAN, district_id=commune.district_id
        )
    assert national.oversight is None
    # No office oversees itself, and every chain ends at national oversight within three steps.
    for office in Office.objects.all():
        chain = [office]
        while chain[-1].oversight_id is not None:
            overseer = chain[-1].oversight
            assert overseer is not None
            chain.append(overseer)
            assert len(chain) <= 4
        assert chain[-1] == national
        assert office.oversight_id != office.pk


def test_capital_offices_are_named_as_capital_and_khan():
    offices_generate()

    assert _office(T.PROVINCIAL_OMBUDSMAN, province_id="12").name_en == "Phnom Penh Capital Ombudsman"
    assert _office(T.PROVINCIAL_OMBUDSMAN, province_id="12").name_km == "ការិយាល័យប្រជាពលរដ្ឋ រាជធានីភ្នំពេញ"
    assert _office(T.OWSU, province_id="12").name_en == "One Window Service Unit, Phnom Penh Capital"
    assert _office(T.PROVINCIAL_OMBUDSMAN, province_id="17").name_en == "Siem Reap Provincial Ombudsman"
    assert _office(T.OWSO, district_id="1213").name_km == "ការិយាល័យច្រកចេញចូលតែមួយ ខណ្ឌបឹងកេងកង"
    assert _office(T.COMMUNE, commune_id="121301").name_km == "សាលាសង្កាត់បឹងកេងកងទី ១"
    assert _office(T.COMMUNE, commune_id="170101").name_en == "Commune Char Chhuk office"
    assert _office(T.COMMUNE, commune_id="170101").name_km == "សាលាឃុំចារឈូក"


def test_second_run_changes_nothing():
    offices_generate()
    before = list(Office.objects.values_list("id", "type", "name_km", "name_en", "oversight_id"))

    result = offices_generate()

    assert all(c.created == c.updated == 0 for c in result.types.values())
    assert list(Office.objects.values_list("id", "type", "name_km", "name_en", "oversight_id")) == before


def test_rerun_keeps_admin_edits_and_repairs_names_and_oversight():
    offices_generate()
    office = _office(T.COMMUNE, commune_id="121301")
    national = _office(T.NATIONAL_OVERSIGHT)
    Office.objects.filter(pk=office.pk).update(
        name_en="Renamed",
        oversight=national,
        phone="+855 12 345 678",
        email="bkk1@example.org",
        telegram="@bkk1",
        address_en="Street 57",
        opening_hours_en="Mon-Fri 8:00-17:00",
        is_pilot=True,
    )

    result = offices_generate()

    assert result.types[T.COMMUNE].updated == 1
    office.refresh_from_db()
    assert office.name_en == "Sangkat Boeng Keng Kang Ti Muoy office"
    assert office.oversight == _office(T.DISTRICT_OMBUDSMAN, district_id="1213")
    assert (office.phone, office.email, office.telegram, office.address_en) == (
        "+855 12 345 678",
        "bkk1@example.org",
        "@bkk1",
        "Street 57",
    )
    assert office.opening_hours_en == "Mon-Fri 8:00-17:00"
    assert office.is_pilot is True


def test_new_units_after_a_gazetteer_refresh_get_only_their_offices(tmp_path: Path, monkeypatch):
    offices_generate()
    ids = set(Office.objects.values_list("id", flat=True))
    bigger = write_small_gazetteer(tmp_path)
    with (bigger / "communes.csv").open("a", encoding="utf-8") as communes:
        communes.write("121399,1213,sangkat,សង្កាត់សាកល្បង,Test Sangkat\n")
    gazetteer_load(data_dir=bigger)

    result = offices_generate()

    assert result.types[T.COMMUNE].created == 1
    assert sum(c.created for c in result.types.values()) == 1
    assert ids < set(Office.objects.values_list("id", flat=True))
    assert _office(T.COMMUNE, commune_id="121399").oversight == _office(
        T.DISTRICT_OMBUDSMAN, district_id="1213"
    )
