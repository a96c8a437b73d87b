"""The Open311 endpoints in the OpenAPI schema (/api/v1/schema/), so that clients and schemathesis
see them: the JSON structures as components, XML as text, every error status with the spec's list.

Descriptions here are for developers and stay in English, like docs/open311.md.
"""

from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from ourvoice.open311.formats import JSON_MEDIA_TYPE, XML_MEDIA_TYPE

XML_TEXT = {"type": "string", "description": "The same structure as XML (GeoReport v2)."}
ERROR_LIST = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status."},
            "description": {"type": "string", "description": "What went wrong, in the request's language."},
        },
        "required": ["code", "description"],
    },
}
TAGS = ["open311"]


class Open311EndpointSerializer(serializers.Serializer):
    specification = serializers.CharField()
    url = serializers.CharField()
    changeset = serializers.CharField()
    type = serializers.ChoiceField(choices=["production", "test"])
    formats = serializers.ListField(child=serializers.CharField())


class Open311DiscoverySerializer(serializers.Serializer):
    changeset = serializers.CharField()
    contact = serializers.CharField()
    key_service = serializers.CharField()
    endpoints = Open311EndpointSerializer(many=True)


class Open311ServiceSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    description = serializers.CharField()
    metadata = serializers.BooleanField()
    type = serializers.ChoiceField(choices=["realtime", "batch", "blackbox"])
    keywords = serializers.CharField()
    group = serializers.ChoiceField(choices=["complaint", "support", "information", "evaluation"])


class Open311AttributeValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class Open311AttributeSerializer(serializers.Serializer):
    variable = serializers.BooleanField()
    code = serializers.CharField()
    datatype = serializers.ChoiceField(
        choices=["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    )
    required = serializers.BooleanField()  # type: ignore[assignment]
    datatype_description = serializers.CharField(allow_null=True)
    order = serializers.IntegerField(min_value=1)
    description = serializers.CharField()
    values = Open311AttributeValueSerializer(many=True)


class Open311ServiceDefinitionSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = Open311AttributeSerializer(many=True)


class Open311ServiceRequestSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])
    status_notes = serializers.CharField()
    service_name = serializers.CharField()
    service_code = serializers.CharField()
    description = serializers.CharField(
        allow_null=True,
        help_text="null for a complaint about people whose citizen did not agree to publication.",
    )
    agency_responsible = serializers.CharField()
    service_notice = serializers.CharField(allow_null=True)
    requested_datetime = serializers.DateTimeField(
        help_text="The date only: the time is always 00:00:00+07:00."
    )
    updated_datetime = serializers.DateTimeField()
    expected_datetime = serializers.DateTimeField(allow_null=True)
    address = serializers.CharField()
    address_id = serializers.CharField(allow_null=True, help_text="The commune code.")


class Open311CreatedSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_null=True)
    receipt = serializers.CharField(
        help_text="Extension: the citizen's receipt, 20 digits. In this answer only, never in a GET."
    )


class Open311TokenSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    token = serializers.CharField()


class Open311RequestFormSerializer(serializers.Serializer):
    api_key = serializers.CharField(help_text="Required: an API key issued by the administrators.")
    service_code = serializers.CharField()
    jurisdiction_id = serializers.CharField(required=False, help_text="kh, or leave it out.")
    address_id = serializers.CharField(required=False, help_text="The 6-digit commune code.")
    lat = serializers.FloatField(required=False)
    long = serializers.FloatField(required=False)
    address_string = serializers.CharField(required=False)
    description = serializers.CharField(help_text="What happened, at most 4,000 characters.")
    phone = serializers.CharField(
        required=False, help_text="Kept (encrypted) only with contact_consent=true."
    )
    contact_consent = serializers.BooleanField(required=False)
    publication_consent = serializers.BooleanField(
        required=False,
        help_text=(
            "Extension: the citizen agrees, after seeing what would be public, that the description may "
            "be published. Default false: the description is then never published."
        ),
    )
    office_id = serializers.IntegerField(
        required=False, help_text="Extension: an office serving the commune."
    )
    locale = serializers.ChoiceField(choices=["km", "en"], required=False)
    email = serializers.CharField(required=False, help_text="Not stored: reports are anonymous.")
    first_name = serializers.CharField(required=False, help_text="Not stored.")
    last_name = serializers.CharField(required=False, help_text="Not stored.")
    device_id = serializers.CharField(required=False, help_text="Not stored.")
    account_id = serializers.CharField(required=False, help_text="Not stored.")
    media_url = serializers.CharField(
        required=False, help_text="Refused (400): no file is fetched from elsewhere."
    )


FORMAT = OpenApiParameter(
    "response_format",
    str,
    OpenApiParameter.PATH,
    enum=["xml", "json"],
    description="xml or json: the answer's format.",
)
JURISDICTION = OpenApiParameter(
    "jurisdiction_id", str, description="kh (Cambodia); optional: one jurisdiction."
)
LOCALE = OpenApiParameter(
    "locale", str, enum=["km", "en"], description="Extension: the language of names and errors."
)
API_KEY = OpenApiParameter(
    "api_key", str, description="Optional for reads: counts against that key's rate limit."
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After", int, OpenApiParameter.HEADER, response=[429], description="Seconds to wait."
)
ERRORS = {
    400: "A parameter is missing or wrong.",
    403: "A missing, unknown or revoked api_key.",
    404: "Unknown jurisdiction_id, service_code or service request.",
    405: "Another method than the ones listed.",
    413: "The request body is too large.",
    409: "A retry (same Idempotency-Key) of a request created too long ago: it exists, and its receipt "
    "is not given again.",
    429: "Over the rate limit: wait Retry-After seconds.",
}


def _responses(ok: Any, codes: tuple[int, ...]) -> dict[Any, Any]:
    responses: dict[Any, Any] = {(200, JSON_MEDIA_TYPE): ok, (200, XML_MEDIA_TYPE): XML_TEXT}
    for code in codes:
        description = ERRORS[code]
        responses[(code, JSON_MEDIA_TYPE)] = OpenApiResponse(ERROR_LIST, description=description)
        responses[(code, XML_MEDIA_TYPE)] = OpenApiResponse(XML_TEXT, description=description)
    return responses


def _get(operation_id: str, summary: str, ok: Any, *parameters: OpenApiParameter) -> Callable[..., Any]:
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        tags=TAGS,
        parameters=[FORMAT, JURISDICTION, LOCALE, API_KEY, RETRY_AFTER, *parameters],
        responses=_responses(ok, (400, 403, 404, 429)),
    )


discovery_schema = _get("open311_discovery", "Open311 service discovery", Open311DiscoverySerializer)
services_schema = _get(
    "open311_services", "Open311 services: every feedback category", Open311ServiceSerializer(many=True)
)
definition_schema = _get(
    "open311_service_definition",
    "Open311 service definition: the category's questions as attributes",
    Open311ServiceDefinitionSerializer,
    OpenApiParameter(
        "service_code",
        str,
        OpenApiParameter.PATH,
        pattern="^[-a-zA-Z0-9_]+$",
        examples=[OpenApiExample("Slow service", value="slow-service")],
    ),
)
requests_list_schema = _get(
    "open311_requests",
    "Open311 service requests: what may be public, at most 1,000, over at most 90 days",
    Open311ServiceRequestSerializer(many=True),
    OpenApiParameter(
        "service_request_id", str, description="Comma-delimited ids; overrides the other filters."
    ),
    OpenApiParameter("service_code", str, description="Comma-delimited service codes."),
    OpenApiParameter(
        "start_date",
        OpenApiTypes.DATETIME,
        description=(
            "W3C date-time; only its day in Cambodia counts (from 00:00 Asia/Phnom_Penh); "
            "at most 90 days before end_date."
        ),
    ),
    OpenApiParameter(
        "end_date",
        OpenApiTypes.DATETIME,
        description="W3C date-time; only its day in Cambodia counts (the whole day); default today.",
    ),
    OpenApiParameter("status", str, description="open, closed, or both comma-delimited."),
)
request_schema = _get(
    "open311_request",
    "Open311 one service request (404 unless it may be public)",
    Open311ServiceRequestSerializer(many=True),
    OpenApiParameter("service_request_id", str, OpenApiParameter.PATH),
)
token_schema = _get(
    "open311_token",
    "Open311 token: no token is issued; a service_request_id is accepted as its own token",
    Open311TokenSerializer(many=True),
    OpenApiParameter("token", str, OpenApiParameter.PATH),
)
requests_post_schema = extend_schema(
    operation_id="open311_request_create",
    summary="Open311 new service request (needs api_key); the answer carries the receipt once",
    tags=TAGS,
    parameters=[FORMAT, RETRY_AFTER],
    request={
        "application/x-www-form-urlencoded": Open311RequestFormSerializer,
        "multipart/form-data": Open311RequestFormSerializer,
    },
    responses=_responses(Open311CreatedSerializer(many=True), (400, 403, 404, 409, 413, 429)),
    examples=[
        OpenApiExample(
            "A complaint about slow service",
            value={
                "api_key": "ovk_0123abcd_your-key-here-your-key-here-your-key-here",
                "service_code": "slow-service",
                "address_id": "171001",
                "description": "I have waited two weeks for a birth certificate.",
                "attribute[about_office]": "no",
                "attribute[days_waited]": "14",
            },
            request_only=True,
            media_type="application/x-www-form-urlencoded",
        )
    ],
)
