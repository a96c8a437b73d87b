"""API of offices: which offices serve a citizen's commune (reads only)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ourvoice.api.params import OfficeListParams, code_parameter, lookup_responses
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import offices_serving_commune


class OfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=Office.Type.choices)
    name_km = serializers.CharField()
    name_en = serializers.CharField()
    oversight = serializers.IntegerField(
        source="oversight_id",
        allow_null=True,
        help_text=_("Id of the office that handles complaints about this one; null at the top."),
    )


class OfficeListApi(APIView):
    @extend_schema(
        operation_id="offices_list",
        summary=_("Offices serving a commune, nearest first"),
        description=_(
            "Commune/sangkat office, One Window Service Office, District Ombudsman, One Window "
            "Service Unit, Provincial/Capital Ombudsman. An unknown commune code answers 404."
        ),
        tags=["offices"],
        parameters=[code_parameter("commune", digits=6, description=_("Commune code, e.g. 171009."))],
        responses=lookup_responses(OfficeSerializer(many=True), unknown_code=True),
    )
    def get(self, request: Request) -> Response:
        params = OfficeListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            offices = offices_serving_commune(commune_code=params.validated_data["commune"])
        except Commune.DoesNotExist as error:
            raise NotFound(_("No commune has this code.")) from error
        return Response(OfficeSerializer(offices, many=True).data)
