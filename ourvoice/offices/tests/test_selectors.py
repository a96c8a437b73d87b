"""Which offices serve a commune, and who handles a complaint about an office."""

import logging

import pytest

from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import office_handling_complaint_about, offices_serving_commune
from ourvoice.offices.services import offices_generate

T = Office.Type


@pytest.fixture
def offices(gazetteer):
    offices_generate()


def _office(office_type: str, **area: str) -> Office:
    return Office.objects.get(type=office_type, **area)


@pytest.mark.usefixtures("offices")
@pytest.mark.parametrize(
    ("commune", "district", "province"), [("121301", "1213", "12"), ("170101", "1701", "17")]
)
def test_offices_serving_a_commune_nearest_first(commune, district, province):
    offices = offices_serving_commune(commune_code=commune)

    assert offices == [
        _office(T.COMMUNE, commune_id=commune),
        _office(T.OWSO, district_id=district),
        _office(T.DISTRICT_OMBUDSMAN, district_id=district),
        _office(T.OWSU, province_id=province),
        _office(T.PROVINCIAL_OMBUDSMAN, province_id=province),
    ]


@pytest.mark.usefixtures("offices")
def test_offices_of_other_areas_are_not_offered():
    offices = offices_serving_commune(commune_code="121304")
    assert {o.commune_id for o in offices if o.type == T.COMMUNE} == {"121304"}
    assert {o.district_id for o in offices if o.district_id} == {"1213"}
    assert {o.province_id for o in offices} == {"12"}


@pytest.mark.usefixtures("gazetteer")
def test_unknown_commune_raises_and_no_offices_before_generation():
    with pytest.raises(Commune.DoesNotExist):
        offices_serving_commune(commune_code="999999")
    assert offices_serving_commune(commune_code="121301") == []


@pytest.mark.usefixtures("offices")
@pytest.mark.parametrize(
    ("office_type", "area", "handler_type", "handler_area"),
    [
        (T.COMMUNE, {"commune_id": "121301"}, T.DISTRICT_OMBUDSMAN, {"district_id": "1213"}),
        (T.OWSO, {"district_id": "1213"}, T.DISTRICT_OMBUDSMAN, {"district_id": "1213"}),
        (T.DISTRICT_OMBUDSMAN, {"district_id": "1213"}, T.PROVINCIAL_OMBUDSMAN, {"province_id": "12"}),
        (T.OWSU, {"province_id": "17"}, T.NATIONAL_OVERSIGHT, {}),
        (T.PROVINCIAL_OMBUDSMAN, {"province_id": "17"}, T.NATIONAL_OVERSIGHT, {}),
        (T.NATIONAL_OVERSIGHT, {}, T.NATIONAL_OVERSIGHT, {}),
    ],
)
def test_complaint_about_an_office_goes_to_its_overseer(office_type, area, handler_type, handler_area):
    office = _office(office_type, **area)
    handler = office_handling_complaint_about(office=office)
    assert handler == _office(handler_type, **handler_area)
    if office_type != T.NATIONAL_OVERSIGHT:
        assert handler != office


@pytest.mark.usefixtures("offices")
def test_office_without_oversight_goes_to_national_with_a_warning(caplog):
    office = _office(T.COMMUNE, commune_id="121301")
    Office.objects.filter(pk=office.pk).update(oversight=None)
    office.refresh_from_db()

    with caplog.at_level(logging.WARNING, logger="ourvoice.offices.selectors"):
        handler = office_handling_complaint_about(office=office)

    assert handler.type == T.NATIONAL_OVERSIGHT
    assert str(office.pk) in caplog.text


@pytest.mark.django_db
def test_without_national_oversight_there_is_no_handler():
    office = Office(type=T.NATIONAL_OVERSIGHT, name_km="ក", name_en="K")
    with pytest.raises(Office.DoesNotExist):
        office_handling_complaint_about(office=office)
