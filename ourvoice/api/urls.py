"""Routes of the REST API v1 (mounted at /api/v1/), with its OpenAPI schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from ourvoice.api.docs import ApiDocsView
from ourvoice.api.geo import CommuneListApi, DistrictListApi, PlaceSearchApi, ProvinceListApi
from ourvoice.api.offices import OfficeListApi

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("geo/provinces/", ProvinceListApi.as_view(), name="geo-provinces"),
    path("geo/districts/", DistrictListApi.as_view(), name="geo-districts"),
    path("geo/communes/", CommuneListApi.as_view(), name="geo-communes"),
    path("geo/places/", PlaceSearchApi.as_view(), name="geo-places"),
    path("offices/", OfficeListApi.as_view(), name="offices"),
]
