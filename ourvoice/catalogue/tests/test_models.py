"""The catalogue's rules: a fee or deadline needs its source; office types are known ones; the
starter content invents no fee or deadline; the selectors."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ourvoice.catalogue.models import Service
from ourvoice.catalogue.selectors import service_get, services_for_office

pytestmark = pytest.mark.django_db


def _service(**fields: object) -> Service:
    values: dict[str, object] = {
        "code": "test",
        "name_km": "សេវា",
        "name_en": "Service",
        "office_types": ["commune"],
    }
    return Service(**{**values, **fields})


def test_a_fee_or_a_deadline_without_a_source_is_refused():
    for fields in ({"official_fee_riel": 4000}, {"processing_days": 3}):
        with pytest.raises(ValidationError) as error:
            _service(**fields).full_clean()
        assert "source" in error.value.message_dict
    _service(official_fee_riel=4000, processing_days=3, source="Prakas 1234, 2020, p. 5").full_clean()
    _service().full_clean()  # neither: "not yet published"


@translation.override("en")  # the assertions read English messages
def test_office_types_must_be_known_and_present():
    with pytest.raises(ValidationError) as error:
        _service(office_types=["commune", "ministry"]).full_clean()
    assert "Unknown office type: ministry" in error.value.message_dict["office_types"][0]
    with pytest.raises(ValidationError):
        _service(office_types=[]).full_clean()
    with pytest.raises(ValidationError):
        _service(official_fee_riel=-1, source="x").full_clean()


def test_the_starter_content_has_names_documents_and_no_invented_fee_or_deadline():
    services = {service.code: service for service in Service.objects.all()}
    assert {
        "birth-certificate",
        "death-certificate",
        "marriage-certificate",
        "residence-certification",
    } <= set(services)
    assert services["birth-certificate"].name_km == "សំបុត្រកំណើត"
    assert services["death-certificate"].name_km == "សំបុត្រមរណភាព"
    assert services["marriage-certificate"].name_km == "សំបុត្រអាពាហ៍ពិពាហ៍"
    assert services["residence-certification"].name_km == "លិខិតបញ្ជាក់ទីលំនៅ"
    assert any("owso" in service.office_types for service in services.values())
    for service in services.values():
        assert service.official_fee_riel is None and service.processing_days is None
        assert service.source == "" and service.fee_note_en and service.fee_note_km
        service.full_clean()
    assert services["birth-certificate"].documents_km and services["birth-certificate"].documents_en


def test_services_for_office_follow_the_office_type(area):
    commune_codes = {service.code for service in services_for_office(office=area.commune_office)}
    owso_codes = {service.code for service in services_for_office(office=area.owso)}
    assert "birth-certificate" in commune_codes and "birth-certificate" not in owso_codes
    assert "business-permit" in owso_codes and "business-permit" not in commune_codes
    assert services_for_office(office=area.provincial_ombudsman) == []
    Service.objects.filter(code="birth-certificate").update(is_active=False)
    assert "birth-certificate" not in {s.code for s in services_for_office(office=area.commune_office)}
    with pytest.raises(Service.DoesNotExist):
        service_get(code="birth-certificate")
    assert service_get(code="death-certificate").name_en == "Death certificate"
