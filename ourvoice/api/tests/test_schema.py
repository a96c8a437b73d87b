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
    # No inline script or style: the start-up script has its own address (CSP, SECURITY.md F2).
    assert re.search(r"<script>|<script[^>]*>\s*[^<\s]", html) is None
    assert "<style" not in html
    (script_url,) = re.findall(r'<script src="(/api/v1/docs/\?[^"]*script=[^"]*)"', html)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    code = script.content.decode()
    assert "/api/v1/schema/" in code
    for text in (html, code):
        foreign = re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'<>]*", text, flags=re.IGNORECASE)
        assert foreign == []
    # Swagger UI would otherwise fetch a badge from validator.swagger.io, naming our schema URL.
    assert '"validatorUrl": null' in code


CITIZEN_ENDPOINTS = {
    "/api/v1/feedback/": ({"application/json", "multipart/form-data"}, {"200", "201", "400", "413", "415"}),
    "/api/v1/track/": ({"application/json"}, {"200", "400", "404", "429"}),
    "/api/v1/track/messages/": ({"application/json", "multipart/form-data"}, {"201", "400", "404", "429"}),
    "/api/v1/track/rating/": ({"application/json"}, {"201", "400", "404", "429"}),
    "/api/v1/track/contact/withdraw/": ({"application/json"}, {"200", "400", "404", "429"}),
}


def test_schema_describes_the_citizen_endpoints(schema):
    for path, (content_types, codes) in CITIZEN_ENDPOINTS.items():
        assert set(schema["paths"][path]) == {"post"}, path  # nothing to GET with a receipt
        operation = schema["paths"][path]["post"]
        assert set(operation["requestBody"]["content"]) == content_types, path
        assert codes <= set(operation["responses"]), path
    components = schema["components"]["schemas"]
    assert set(components["FeedbackSubmit"]["required"]) == {"kind", "category", "description"}
    form = components["FeedbackSubmitForm"]["properties"]
    assert form["attachments"]["items"] == {"type": "string", "format": "binary"}
    assert form["answers"]["type"] == "string"
    assert components["FeedbackSubmit"]["properties"]["answers"]["type"] == "object"
    assert {"reference", "receipt", "status", "office", "submitted"} <= set(
        components["FeedbackReceipt"]["properties"]
    )
    assert set(components["CaseTrack"]["properties"]) == {
        "status",
        "status_label",
        "kind",
        "category",
        "office",
        "submitted",
        "timeline",
        "messages",
        "can_rate",
        "contact_kept",
        "content_removed",
    }
    assert components["CaseTrack"]["properties"]["submitted"]["format"] == "date"
    assert set(components["Category"]["properties"]) >= {"code", "asks_fee", "is_sensitive", "questions"}
    assert "about_office" not in components["Category"]["properties"]


def test_schema_documents_the_idempotency_key_and_retry_after(schema):
    submit = schema["paths"]["/api/v1/feedback/"]["post"]
    [key] = [p for p in submit["parameters"] if p["in"] == "header"]
    assert key["name"] == "Idempotency-Key"
    track = schema["paths"]["/api/v1/track/"]["post"]
    assert "Retry-After" in track["responses"]["429"]["headers"]


def test_no_operation_takes_a_receipt_in_the_address(schema):
    for path, operations in schema["paths"].items():
        assert "receipt" not in path
        for operation in operations.values():
            assert "receipt" not in {p["name"] for p in operation.get("parameters", [])}, path


def test_categories_take_an_optional_kind(schema):
    [kind] = schema["paths"]["/api/v1/categories/"]["get"]["parameters"]
    assert (kind["name"], kind.get("required", False)) == ("kind", False)
    assert set(kind["schema"]["enum"]) == {"complaint", "support", "information", "evaluation"}
