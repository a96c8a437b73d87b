"""API of the gazetteer: the lists behind cascading pickers and place search (reads only)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ourvoice.api.params import (
    CommuneListParams,
    DistrictListParams,
    PlaceSearchParams,
    code_parameter,
    lookup_responses,
)
from ourvoice.geo.models import District, Province
from ourvoice.geo.selectors import Level, MatchKind, commune_list, district_list, place_search, province_list


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Gazetteer code (NCDD): 2, 4 or 6 digits."))
    type = serializers.CharField(help_text=_("Unit type, e.g. province, capital, district, khan, sangkat."))
    name_km = serializers.CharField()
    name_en = serializers.CharField()


class PlaceRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_km = serializers.CharField()
    name_en = serializers.CharField()


class PlaceMatchSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[level.value for level in Level])
    code = serializers.CharField()
    type = serializers.CharField()
    name_km = serializers.CharField()
    name_en = serializers.CharField()
    match = serializers.ChoiceField(choices=[kind.value for kind in MatchKind])
    province = PlaceRefSerializer(allow_null=True)
    district = PlaceRefSerializer(allow_null=True)
    commune = PlaceRefSerializer(allow_null=True)


_UNKNOWN_CODE = _("An unknown code answers 404: refresh the list it came from (the gazetteer changes).")


class ProvinceListApi(APIView):
    @extend_schema(
        operation_id="geo_provinces_list",
        summary=_("Provinces and the capital"),
        tags=["geo"],
        responses=PlaceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(PlaceSerializer(province_list(), many=True).data)


class DistrictListApi(APIView):
    @extend_schema(
        operation_id="geo_districts_list",
        summary=_("Districts, municipalities and khans of a province"),
        description=_UNKNOWN_CODE,
        tags=["geo"],
        parameters=[code_parameter("province", digits=2, description=_("Province code, e.g. 17."))],
        responses=lookup_responses(PlaceSerializer(many=True), unknown_code=True),
    )
    def get(self, request: Request) -> Response:
        params = DistrictListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            districts = district_list(province_code=params.validated_data["province"])
        except Province.DoesNotExist as error:
            raise NotFound(_("No province has this code.")) from error
        return Response(PlaceSerializer(districts, many=True).data)


class CommuneListApi(APIView):
    @extend_schema(
        operation_id="geo_communes_list",
        summary=_("Communes and sangkats of a district"),
        description=_UNKNOWN_CODE,
        tags=["geo"],
        parameters=[code_parameter("district", digits=4, description=_("District code, e.g. 1710."))],
        responses=lookup_responses(PlaceSerializer(many=True), unknown_code=True),
    )
    def get(self, request: Request) -> Response:
        params = CommuneListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            communes = commune_list(district_code=params.validated_data["district"])
        except District.DoesNotExist as error:
            raise NotFound(_("No district has this code.")) from error
        return Response(PlaceSerializer(communes, many=True).data)


class PlaceSearchApi(APIView):
    @extend_schema(
        operation_id="geo_places_search",
        summary=_("Find provinces, districts, communes and villages by name"),
        description=_(
            "Khmer or Latin, any common spelling. Best matches first: whole name, then start of a "
            "name, then anywhere; provinces before districts, communes and villages. A query of "
            "fewer than 2 characters finds nothing."
        ),
        tags=["geo"],
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                allow_blank=False,
                description=_("Name or part of a name, up to 100 characters."),
            ),
            OpenApiParameter(
                "limit",
                int,
                description=_("Most results to return, 1 to 50 (default 20)."),
            ),
        ],
        responses=lookup_responses(PlaceMatchSerializer(many=True), unknown_code=False),
    )
    def get(self, request: Request) -> Response:
        params = PlaceSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        matches = place_search(query=params.validated_data["q"], limit=params.validated_data["limit"])
        return Response(PlaceMatchSerializer(matches, many=True).data)
