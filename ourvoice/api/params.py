"""Query parameters of the API: validated by serializers, described once for the OpenAPI schema.

A missing or malformed parameter answers 400 with ``{"<parameter>": ["<message>"]}`` in the
request's language; the messages say what a good value looks like.
"""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers

from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.models import Kind

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class GazetteerCodeField(serializers.CharField):
    """A gazetteer code of ``digits`` digits. Khmer digits are accepted (KHMER.md) and made ASCII."""

    def __init__(self, *, digits: int, message: "_StrPromise", **kwargs: Any) -> None:
        self.digits = digits
        messages: dict[str, str | _StrPromise] = dict.fromkeys(
            ("required", "blank", "null", "invalid", "max_length"), message
        )
        super().__init__(max_length=32, error_messages=messages, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = to_latin_digits(super().to_internal_value(data))
        if len(value) != self.digits or not (value.isascii() and value.isdigit()):
            self.fail("invalid")
        return value


PROVINCE_CODE_MESSAGE = _("Give a province code of 2 digits, for example 17.")
DISTRICT_CODE_MESSAGE = _("Give a district code of 4 digits, for example 1710.")
COMMUNE_CODE_MESSAGE = _("Give a commune code of 6 digits, for example 171009.")
QUERY_MESSAGE = _("Give the name of a place to search for, at most 100 characters.")
LIMIT_MESSAGE = _("Give a number of results from 1 to 50.")
KIND_MESSAGE = _("Give a kind: complaint, support, information or evaluation.")
PLACE_QUERY_MAX_LENGTH = 100
PLACE_LIMIT_MAX = 50


class DistrictListParams(serializers.Serializer):
    province = GazetteerCodeField(digits=2, message=PROVINCE_CODE_MESSAGE)


class CommuneListParams(serializers.Serializer):
    district = GazetteerCodeField(digits=4, message=DISTRICT_CODE_MESSAGE)


class OfficeListParams(serializers.Serializer):
    commune = GazetteerCodeField(digits=6, message=COMMUNE_CODE_MESSAGE)


class PlaceSearchParams(serializers.Serializer):
    q = serializers.CharField(
        max_length=PLACE_QUERY_MAX_LENGTH,
        error_messages={key: QUERY_MESSAGE for key in ("required", "blank", "null", "invalid", "max_length")},
    )
    limit = serializers.IntegerField(
        required=False,
        default=20,
        min_value=1,
        max_value=PLACE_LIMIT_MAX,
        error_messages={
            key: LIMIT_MESSAGE for key in ("invalid", "min_value", "max_value", "max_string_length")
        },
    )


class CategoryListParams(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Kind.choices,
        required=False,
        error_messages=dict.fromkeys(("invalid_choice", "null", "blank"), KIND_MESSAGE),
    )


def code_parameter(name: str, *, digits: int, description: "_StrPromise") -> OpenApiParameter:
    return OpenApiParameter(
        name=name,
        type=str,
        required=True,
        description=description,
        pattern=f"^[0-9០-៩]{{{digits}}}$",
        allow_blank=False,
        # Siem Reap: Sla Kram sangkat of Siem Reap municipality (docs, and schemathesis's first tries).
        examples=[OpenApiExample("Siem Reap", value="171001"[:digits])],
    )


def lookup_responses(ok: Any, *, unknown_code: bool) -> dict[int, Any]:
    """The answers of a list endpoint: 200, 400 for a malformed parameter, 404 for an unknown code."""
    from drf_spectacular.utils import OpenApiResponse

    from ourvoice.api.errors import FIELD_ERRORS_SCHEMA, DetailSerializer

    responses: dict[int, Any] = {
        200: ok,
        400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=_("A missing or malformed parameter.")),
    }
    if unknown_code:
        responses[404] = OpenApiResponse(DetailSerializer, description=_("No place has this code."))
    return responses
