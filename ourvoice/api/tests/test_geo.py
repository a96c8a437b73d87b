"""GET /api/v1/geo/...: lists for pickers and place search, errors in the request's language."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("gazetteer")


def _get(client: Client, path: str, lang: str = "en", **params: str):
    return client.get(f"/api/v1/geo/{path}/", params, HTTP_ACCEPT_LANGUAGE=lang)


def test_provinces(client):
    response = _get(client, "provinces")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert [p["code"] for p in body] == ["08", "10", "12", "17"]
    assert body[2] == {"code": "12", "type": "capital", "name_km": "ភ្នំពេញ", "name_en": "Phnom Penh"}


def test_districts_of_a_province(client):
    body = _get(client, "districts", province="12").json()
    assert body == [
        {"code": "1208", "type": "khan", "name_km": "សែនសុខ", "name_en": "Sen Sok"},
        {"code": "1213", "type": "khan", "name_km": "បឹងកេងកង", "name_en": "Boeng Keng Kang"},
    ]
    assert [d["type"] for d in _get(client, "districts", province="17").json()] == [
        "district",
        "municipality",
    ]


def test_communes_of_a_district(client):
    body = _get(client, "communes", district="1213").json()
    assert [(c["code"], c["type"]) for c in body] == [("121301", "sangkat"), ("121304", "sangkat")]
    assert body[0]["name_km"] == "បឹងកេងកងទី ១"


def test_codes_may_be_typed_in_khmer_digits(client):
    assert _get(client, "districts", province="១២").json() == _get(client, "districts", province="12").json()
    assert len(_get(client, "communes", district="១២១៣").json()) == 2


PROVINCE = "Give a province code of 2 digits, for example 17."
DISTRICT = "Give a district code of 4 digits, for example 1710."
QUERY = "Give the name of a place to search for, at most 100 characters."
LIMIT = "Give a number of results from 1 to 50."


@pytest.mark.parametrize(
    ("path", "params", "field", "message"),
    [
        ("districts", {}, "province", PROVINCE),
        ("districts", {"province": "1"}, "province", PROVINCE),
        ("districts", {"province": "ab"}, "province", PROVINCE),
        ("districts", {"province": "1 2"}, "province", PROVINCE),
        ("districts", {"province": "١٢"}, "province", PROVINCE),  # Arabic-Indic digits are not codes
        ("communes", {"district": ""}, "district", DISTRICT),
        ("communes", {"district": "17100"}, "district", DISTRICT),
        ("places", {}, "q", QUERY),
        ("places", {"q": "x" * 101}, "q", QUERY),
        ("places", {"q": "siem", "limit": "0"}, "limit", LIMIT),
        ("places", {"q": "siem", "limit": "many"}, "limit", LIMIT),
    ],
)
def test_missing_or_malformed_parameters_answer_400_in_the_request_language(
    client, khmer_catalogue, path, params, field, message
):
    for lang, expected in (("en", message), ("km", khmer_catalogue[message])):
        response = _get(client, path, lang, **params)
        assert response.status_code == 400
        assert response.json() == {field: [expected]}


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("districts", {"province": "99"}, "No province has this code."),
        ("communes", {"district": "9999"}, "No district has this code."),
    ],
)
def test_unknown_codes_answer_404_in_the_request_language(client, khmer_catalogue, path, params, message):
    for lang, expected in (("en", message), ("km", khmer_catalogue[message])):
        response = _get(client, path, lang, **params)
        assert response.status_code == 404
        assert response.json() == {"detail": expected}


def test_khmer_is_the_default_language(client, khmer_catalogue):
    response = client.get("/api/v1/geo/districts/")
    assert response.json() == {"province": [khmer_catalogue[PROVINCE]]}


def test_place_search_by_any_spelling(client):
    for query in ("siem reap", "SIEMREAB", "ខេត្តសៀមរាប"):
        first = _get(client, "places", q=query).json()[0]
        assert (first["level"], first["code"], first["match"]) == ("province", "17", "exact")
    assert [p["code"] for p in _get(client, "places", q="Kratié").json()[:2]] == ["10", "1002"]
    assert _get(client, "places", q="កណ្ដាល").json()[0]["code"] == "08"


def test_place_search_items_carry_their_path(client):
    body = _get(client, "places", q="olympic").json()
    sangkat = next(p for p in body if p["level"] == "commune")
    assert sangkat == {
        "level": "commune",
        "code": "121304",
        "type": "sangkat",
        "name_km": "អូឡាំពិក",
        "name_en": "Olympic",
        "match": "exact",
        "province": {"code": "12", "name_km": "ភ្នំពេញ", "name_en": "Phnom Penh"},
        "district": {"code": "1213", "name_km": "បឹងកេងកង", "name_en": "Boeng Keng Kang"},
        "commune": None,
    }


def test_place_search_limit_and_short_queries(client):
    assert len(_get(client, "places", q="siem reap", limit="2").json()) == 2
    assert len(_get(client, "places", q="siem reap").json()) > 2
    assert _get(client, "places", q="s").json() == []
