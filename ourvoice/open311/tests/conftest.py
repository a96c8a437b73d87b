"""Open311 test fixtures: an API key, and helpers that ask for both formats and compare them."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ourvoice.apikeys.services import apikey_create
from ourvoice.feedback.services import feedback_submit
from ourvoice.open311.tests.spec import as_xml_text, check_errors, read_json, read_xml

BASE = "/open311/v2/"


@pytest.fixture
def api_key(db: None) -> str:
    return apikey_create(name="NGO app", rate_per_minute=1000).key


@pytest.fixture
def o311() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def both(o311: Client) -> Callable[..., Any]:
    """GET ``path.{xml,json}``: check the status in both, that XML says what JSON says; the JSON."""

    def get(path: str, root: str, expect: int = 200, **query: Any) -> Any:
        as_json = o311.get(f"{BASE}{path}.json", query)
        as_xml = o311.get(f"{BASE}{path}.xml", query)
        assert (as_json.status_code, as_xml.status_code) == (expect, expect), as_json.content
        data = read_json(as_json)
        xml_root = "errors" if expect >= 400 else root
        assert read_xml(as_xml, xml_root) == as_xml_text(data)
        if expect >= 400:
            check_errors(data, expect)
        return data

    return get


@pytest.fixture
def post_both(o311: Client, api_key: str) -> Callable[..., tuple[Any, Any]]:
    """POST the same form as .json and as .xml; returns (JSON answer, XML answer read as JSON)."""

    def post(form: dict[str, Any], expect: int = 200, key: str | None = None) -> tuple[Any, Any]:
        data = {"api_key": key if key is not None else api_key, **form}
        data = {k: v for k, v in data.items() if v is not None}
        as_json = o311.post(f"{BASE}requests.json", data)
        as_xml = o311.post(f"{BASE}requests.xml", data)
        assert (as_json.status_code, as_xml.status_code) == (expect, expect), as_json.content
        parsed_json = read_json(as_json)
        parsed_xml = read_xml(as_xml, "errors" if expect >= 400 else "service_requests")
        if expect >= 400:
            assert parsed_xml == as_xml_text(parsed_json)
            check_errors(parsed_json, expect)
        return parsed_json, parsed_xml

    return post


@pytest.fixture
def report(make_input: Callable[..., Any]) -> Callable[..., Any]:
    """Submit a report through the service (any channel); returns the Submission."""

    def submit(**overrides: Any) -> Any:
        return feedback_submit(data=make_input(**overrides))

    return submit


def form(area: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "service_code": "slow-service",
        "address_id": area.commune.code,
        "description": "I waited two weeks.",
        # Complaint topics that ask it need the answer (ignored by the others): not about the office.
        "attribute[about_office]": "no",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
