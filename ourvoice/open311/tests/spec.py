"""The structures of GeoReport v2, written from the specification (wiki.open311.org/GeoReport_v2
and /Service_Discovery), and a reader that turns an XML answer into the JSON (Spark) form."""

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

# Containers whose children repeat (the Spark convention makes them lists).
CONTAINERS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
DISCOVERY = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT = {"specification", "url", "changeset", "type", "formats"}
SERVICE = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
DEFINITION = {"service_code", "attributes"}
ATTRIBUTE = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
VALUE = {"key", "name"}
# GET requests: the fields the spec lists; "may not be returned" ones may be absent.
REQUEST_ALL = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}  # fmt: skip
REQUEST_REQUIRED = {"service_request_id", "status", "service_code", "service_name", "requested_datetime"}
CREATED = {"service_request_id", "token", "service_notice", "account_id"}
TOKEN = {"service_request_id", "token"}
ERROR = {"code", "description"}
W3C = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
ROOTS = {
    "discovery": "discovery",
    "services": "services",
    "service_definition": "service_definition",
    "service_requests": "service_requests",
    "errors": "errors",
}


def spark(element: ET.Element) -> Any:
    children = list(element)
    if element.tag in CONTAINERS:
        assert all(child.tag == CONTAINERS[element.tag] for child in children), element.tag
        return [spark(child) for child in children]
    if not children:
        return element.text or ""
    tags = [child.tag for child in children]
    assert len(tags) == len(set(tags)), f"repeated elements in <{element.tag}>"
    return {child.tag: spark(child) for child in children}


def read_xml(response: Any, root: str) -> Any:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    element = ET.fromstring(response.content)  # noqa: S314
    assert element.tag == root, (element.tag, root)
    assert "}" not in element.tag  # no namespace
    return spark(element)


def read_json(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def as_xml_text(value: Any) -> Any:
    """A JSON value as the XML reader gives it back (text; null is empty)."""
    if isinstance(value, list):
        return [as_xml_text(item) for item in value]
    if isinstance(value, dict):
        return {key: as_xml_text(item) for key, item in value.items()}
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_errors(items: Any, status: int) -> list[str]:
    assert isinstance(items, list) and items
    for item in items:
        assert set(item) == ERROR
        assert str(item["code"]) == str(status)
        assert item["description"]
    return [item["description"] for item in items]
