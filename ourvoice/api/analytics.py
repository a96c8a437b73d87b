"""Staff API of the analytics: the numbers of a dashboard and of a comparison, as JSON.

Authentication is the staff pages' own: the session cookie of a sign-in with password *and*
TOTP (the API has no staff tokens). Anyone else gets 403; an area outside the user's scope 404.
The filters are those of the dashboard pages (``ourvoice/analytics/params.py``). A suppressed
value is ``{"suppressed": true}`` with no number (SECURITY.md A6).
"""

from typing import Any

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ourvoice.accounts.access import user_is_verified
from ourvoice.analytics.display import service_labels
from ourvoice.analytics.exports import month_text, split_label
from ourvoice.analytics.indicators import INDICATORS, Value
from ourvoice.analytics.params import MESSAGES, FilterError, comparison_from_query, filters_from_query
from ourvoice.analytics.scope import Area, Filters, area_name
from ourvoice.analytics.selectors import comparison, dashboard
from ourvoice.api.errors import FIELD_ERRORS_SCHEMA, DetailSerializer, exception_handler

SIGN_IN = _("Sign in to the staff pages with your password and second factor to use this endpoint.")
OUTSIDE_SCOPE = _("No such area in your dashboards.")


class ValueSerializer(serializers.Serializer):
    suppressed = serializers.BooleanField(help_text=_("True: fewer than 5 reports; no number is given."))
    value = serializers.FloatField(required=False, allow_null=True, help_text=_("Absent when suppressed."))
    spread = serializers.FloatField(
        required=False, allow_null=True, help_text=_("Standard deviation (ratings and scores).")
    )


def _values() -> serializers.DictField:
    return serializers.DictField(child=ValueSerializer(), help_text=_("Indicator code -> value."))


class AreaSerializer(serializers.Serializer):
    level = serializers.CharField(help_text=_("N (Cambodia), P (province), D (district) or O (office)."))
    id = serializers.CharField(help_text=_("Empty for Cambodia; a province or district code; an office id."))
    name = serializers.CharField()


class FiltersSerializer(serializers.Serializer):
    start = serializers.CharField(help_text=_("First month, YYYY-MM."))
    end = serializers.CharField(help_text=_("Last month, YYYY-MM."))
    kind = serializers.CharField()
    category = serializers.IntegerField(allow_null=True)
    split = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # named like Field.label
    unit = serializers.CharField(help_text=_("count, share (0-1), days, score (1-5) or riel."))


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    values = _values()


class SplitSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # named like Field.label
    values = _values()


class ServiceSerializer(serializers.Serializer):
    service = serializers.CharField(
        help_text=_("The catalogue service's code, or “*other” for every service outside the catalogue.")
    )
    name = serializers.CharField(help_text=_("The service's name in the request's language."))
    values = _values()


class DashboardSerializer(serializers.Serializer):
    area = AreaSerializer()
    filters = FiltersSerializer()
    indicators = IndicatorSerializer(many=True)
    totals = _values()
    by_month = MonthSerializer(many=True)
    by_kind = serializers.DictField(child=ValueSerializer(), help_text=_("Reports by kind."))
    by_category = serializers.DictField(child=ValueSerializer(), help_text=_("Reports by category id."))
    by_channel = serializers.DictField(child=ValueSerializer(), help_text=_("Reports by channel."))
    by_split = SplitSerializer(many=True)
    overcharge_by_service = ServiceSerializer(many=True)


class ComparisonRowSerializer(serializers.Serializer):
    area = AreaSerializer()
    value = ValueSerializer()
    previous = ValueSerializer()
    rank = serializers.IntegerField(allow_null=True)
    trend = serializers.FloatField(allow_null=True)


class ComparisonSerializer(serializers.Serializer):
    area = AreaSerializer()
    filters = FiltersSerializer()
    level = serializers.CharField()
    indicator = IndicatorSerializer()
    rows = ComparisonRowSerializer(many=True)


def _value(value: Value) -> dict[str, Any]:
    if value.suppressed:
        return {"suppressed": True}
    return {"suppressed": False, "value": value.number, "spread": value.spread}


def _dict(values: dict[Any, Value]) -> dict[str, Any]:
    return {str(key): _value(value) for key, value in values.items()}


def _area(area: Area) -> dict[str, str]:
    return {"level": area.level, "id": area.id, "name": area_name(area, language=get_language() or "km")}


def _filters(filters: Filters) -> dict[str, Any]:
    return {
        "start": month_text(filters.start),
        "end": month_text(filters.end),
        "kind": filters.kind,
        "category": filters.category,
        "split": filters.split,
    }


def _indicator(code: str) -> dict[str, str]:
    indicator = INDICATORS[code]
    return {"code": code, "label": str(indicator.label), "unit": indicator.unit}


def _parameter(name: str) -> OpenApiParameter:
    return OpenApiParameter(name=name, type=str, required=False, description=MESSAGES[name])


FILTER_PARAMETERS = [
    _parameter(name)
    for name in ("province", "district", "office", "kind", "category", "split", "start", "end")
]
ERROR_RESPONSES: dict[int, Any] = {
    400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=_("A malformed filter.")),
    403: OpenApiResponse(DetailSerializer, description=_("Not signed in with both factors.")),
    404: OpenApiResponse(DetailSerializer, description=_("No dashboard, or an area outside your scope.")),
}


class StaffAnalyticsApi(APIView):
    authentication_classes = [SessionAuthentication]

    def get_exception_handler(self) -> Any:
        return exception_handler

    def checked_filters(self, request: Request) -> Filters:
        if not user_is_verified(request.user):
            raise exceptions.PermissionDenied(SIGN_IN)
        try:
            return filters_from_query(request.user, request.query_params)
        except Http404 as error:
            raise exceptions.NotFound(OUTSIDE_SCOPE) from error
        except FilterError as error:
            raise exceptions.ValidationError({error.field: [error.message]}) from error


class DashboardApi(StaffAnalyticsApi):
    @extend_schema(
        operation_id="analytics_dashboard",
        summary=_("The indicators of a dashboard (staff)"),
        description=_(
            "Totals, months, kinds, categories, channels, the chosen split and the overcharge by "
            "service for the filtered area. Values computed from fewer than 5 reports are "
            '{"suppressed": true}. Needs a staff session signed in with both factors.'
        ),
        tags=["analytics"],
        parameters=FILTER_PARAMETERS,
        responses={200: DashboardSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        filters = self.checked_filters(request)
        board = dashboard(filters)
        names = service_labels(board.overcharge_by_service)
        return Response(
            {
                "area": _area(filters.area),
                "filters": _filters(filters),
                "indicators": [_indicator(code) for code in INDICATORS],
                "totals": _dict(board.totals),
                "by_month": [
                    {"month": month_text(month), "values": _dict(values)} for month, values in board.by_month
                ],
                "by_kind": _dict(board.by_kind),
                "by_category": _dict(board.by_category),
                "by_channel": _dict(board.by_channel),
                "by_split": [
                    {"value": value, "label": split_label(filters.split, value), "values": _dict(values)}
                    for value, values in sorted(board.by_split.items())
                ],
                "overcharge_by_service": [
                    {"service": service, "name": names[service], "values": _dict(values)}
                    for service, values in sorted(board.overcharge_by_service.items())
                ],
            }
        )


class ComparisonApi(StaffAnalyticsApi):
    @extend_schema(
        operation_id="analytics_comparison",
        summary=_("Areas compared by one indicator (staff)"),
        description=_(
            "The areas one level below the filtered area (level P, D or O), each with its value, "
            "rank, the value of the period before and the trend. Needs a staff session signed in "
            "with both factors."
        ),
        tags=["analytics"],
        parameters=[*FILTER_PARAMETERS, _parameter("level"), _parameter("indicator")],
        responses={200: ComparisonSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        filters = self.checked_filters(request)
        try:
            level, indicator = comparison_from_query(filters, request.query_params)
        except FilterError as error:
            raise exceptions.ValidationError({error.field: [error.message]}) from error
        rows = comparison(filters, level=level, indicator=indicator)
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.area.id))
        return Response(
            {
                "area": _area(filters.area),
                "filters": _filters(filters),
                "level": level,
                "indicator": _indicator(indicator),
                "rows": [
                    {
                        "area": _area(row.area),
                        "value": _value(row.value),
                        "previous": _value(row.previous),
                        "rank": row.rank,
                        "trend": row.trend,
                    }
                    for row in rows
                ],
            }
        )
