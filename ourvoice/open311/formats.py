"""The two formats of GeoReport v2, chosen by the path suffix (``.xml`` or ``.json``).

Views return plain Python values (lists, dicts, strings, numbers, booleans, None). JSON is their
direct dump; XML follows the specification's mapping, the Spark convention read backwards: a list
becomes a container element whose children carry the singular name (``services`` → ``service``,
``attributes`` → ``attribute``...), None an empty element, booleans ``true``/``false``. The
document starts with the XML declaration naming UTF-8 and has no namespace, as the spec asks.
An error answer (status 400 and up) is always the spec's ``errors`` list.
"""

import json
import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

# Container element → the name of each of its children.
CHILD = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
XML_MEDIA_TYPE = "text/xml"
JSON_MEDIA_TYPE = "application/json"
# Characters XML 1.0 cannot carry; user text never reaches here with them (the services refuse
# control characters), but a document must stay well-formed whatever the database holds.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, list):
        child_name = CHILD.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, child_name), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    body = ET.tostring(element, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode()


class Open311JSONRenderer(renderers.BaseRenderer):
    media_type = JSON_MEDIA_TYPE
    format = "json"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


class Open311XMLRenderer(renderers.BaseRenderer):
    media_type = XML_MEDIA_TYPE
    format = "xml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        context = renderer_context or {}
        response = context.get("response")
        failed = response is not None and response.status_code >= 400
        root = "errors" if failed else getattr(context.get("view"), "xml_root", "response")
        return to_xml(root, data)


RENDERERS = [Open311XMLRenderer, Open311JSONRenderer]


class SuffixNegotiation(DefaultContentNegotiation):
    """The format is the path's suffix, whatever the Accept header says (XML, the spec's required
    format, where there is no suffix to go by)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)
        if format_suffix is None and request.path.endswith(".json"):
            format_suffix = "json"  # the catch-all 404 of an address that looks like ours
        for renderer in renderers:
            if renderer.format == format_suffix:
                return renderer, renderer.media_type
        return renderers[0], renderers[0].media_type
