"""GET /api/v1/offices/?commune=CODE."""

import pytest

from ourvoice.offices.models import Office
from ourvoice.offices.services import offices_generate


@pytest.fixture
def offices(gazetteer):
    offices_generate()


@pytest.mark.usefixtures("offices")
def test_offices_serving_a_commune_nearest_first(client):
    response = client.get("/api/v1/offices/", {"commune": "121301"})

    assert response.status_code == 200
    body = response.json()
    assert [o["type"] for o in body] == [
        "commune",
        "owso",
        "district_ombudsman",
        "owsu",
        "provincial_ombudsman",
    ]
    commune_office = Office.objects.get(type="commune", commune_id="121301")
    district_ombudsman = Office.objects.get(type="district_ombudsman", district_id="1213")
    assert body[0] == {
        "id": commune_office.pk,
        "type": "commune",
        "name_km": "សាលាសង្កាត់បឹងកេងកងទី ១",
        "name_en": "Sangkat Boeng Keng Kang Ti Muoy office",
        "oversight": district_ombudsman.pk,
    }
    assert body[2]["id"] == district_ombudsman.pk
    assert body[4]["name_en"] == "Phnom Penh Capital Ombudsman"
    assert body[4]["oversight"] == Office.objects.get(type="national_oversight").pk


@pytest.mark.usefixtures("offices")
def test_commune_code_errors(client, khmer_catalogue):
    invalid = "Give a commune code of 6 digits, for example 171009."
    response = client.get("/api/v1/offices/", {"commune": "12130"}, HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 400
    assert response.json() == {"commune": [khmer_catalogue[invalid]]}
    response = client.get("/api/v1/offices/", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, {"commune": [invalid]})
    response = client.get("/api/v1/offices/", {"commune": "999999"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "No commune has this code."}
    response = client.get("/api/v1/offices/", {"commune": "999999"}, HTTP_ACCEPT_LANGUAGE="km")
    assert response.json() == {"detail": khmer_catalogue["No commune has this code."]}


@pytest.mark.usefixtures("gazetteer")
def test_known_commune_before_offices_are_generated_answers_an_empty_list(client):
    response = client.get("/api/v1/offices/", {"commune": "121301"})
    assert (response.status_code, response.json()) == (200, [])
