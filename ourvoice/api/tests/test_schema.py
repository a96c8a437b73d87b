"""The OpenAPI schema describes every endpoint and parameter; the docs page is self-contained."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ENDPOINTS = {
    "/api/v1/geo/provinces/": set(),
    "/api/v1/geo/districts/": {"province"},
    "/api/v1/geo/communes/": {"district"},
    "/api/v1/geo/places/": {"q", "limit"},
    "/api/v1/offices/": {"commune"},
}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_lists_every_endpoint_with_its_query_parameters(schema):
    for path, parameters in ENDPOINTS.items():
        operation = schema["paths"][path]["get"]
        query = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        assert set(query) == parameters, path
        for name in parameters - {"limit"}:
            assert query[name]["required"] is True
        assert "200" in operation["responses"]


def test_schema_describes_code_patterns_and_response_items(schema):
    province = next(p for p in schema["paths"]["/api/v1/geo/districts/"]["get"]["parameters"])
    assert re.fullmatch(province["schema"]["pattern"], "17")
    assert not re.fullmatch(province["schema"]["pattern"], "170")
    office = schema["components"]["schemas"]["Office"]["properties"]
    assert set(office) == {"id", "type", "name_km", "name_en", "oversight"}
    place = schema["components"]["schemas"]["Place"]["properties"]
    assert set(place) == {"code", "type", "name_km", "name_en"}


def test_schema_generates_without_warnings(tmp_path: Path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_docs_page_answers_and_loads_only_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "/api/v1/schema/" in html
    foreign = re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'<>]*", html, flags=re.IGNORECASE)
    assert foreign == []
    # Swagger UI would otherwise fetch a badge from validator.swagger.io, naming our schema URL.
    assert '"validatorUrl": null' in html
