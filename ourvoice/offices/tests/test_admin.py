"""Offices in the admin: filters, editable contact details, generated fields read only."""

import pytest

from ourvoice.offices.models import Office
from ourvoice.offices.services import offices_generate

T = Office.Type


@pytest.fixture
def offices(gazetteer):
    offices_generate()


@pytest.mark.usefixtures("offices")
def test_changelist_filters_by_type_province_and_pilot(verified_admin_client):
    Office.objects.filter(type=T.OWSO, district_id="1710").update(is_pilot=True)

    def listed(**params: str) -> set[int]:
        response = verified_admin_client.get("/en/admin/offices/office/", params)
        assert response.status_code == 200
        return {office.pk for office in response.context["cl"].queryset}

    assert listed(type__exact="owsu") == set(Office.objects.filter(type=T.OWSU).values_list("pk", flat=True))
    assert listed(province__code__exact="12") == set(
        Office.objects.filter(province_id="12").values_list("pk", flat=True)
    )
    assert listed(is_pilot__exact="1") == {Office.objects.get(type=T.OWSO, district_id="1710").pk}
    assert verified_admin_client.get("/en/admin/offices/office/add/").status_code == 403


@pytest.mark.usefixtures("offices")
def test_contact_details_and_opening_hours_are_editable_generated_fields_are_not(verified_admin_client):
    office = Office.objects.get(type=T.COMMUNE, commune_id="121301")
    url = f"/en/admin/offices/office/{office.pk}/change/"
    assert verified_admin_client.get(url).status_code == 200
    form = {
        "name_en": "Hijacked",
        "type": "national_oversight",
        "is_pilot": "on",
        "address_km": "ផ្លូវ ៥៧",
        "address_en": "Street 57",
        "phone": "+855 23 000 000",
        "email": "bkk1@example.org",
        "telegram": "@bkk1",
        "opening_hours_km": "ច័ន្ទ-សុក្រ",
        "opening_hours_en": "Mon-Fri 8:00-17:00",
    }

    response = verified_admin_client.post(url, form)

    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.phone, office.email, office.telegram) == ("+855 23 000 000", "bkk1@example.org", "@bkk1")
    assert (office.address_km, office.opening_hours_en, office.is_pilot) == (
        "ផ្លូវ ៥៧",
        "Mon-Fri 8:00-17:00",
        True,
    )
    assert (office.name_en, office.type) == ("Sangkat Boeng Keng Kang Ti Muoy office", T.COMMUNE)
