"""Routes of the REST API v1 (mounted at /api/v1/), with its OpenAPI schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from ourvoice.api.analytics import ComparisonApi, DashboardApi
from ourvoice.api.categories import CategoryListApi
from ourvoice.api.docs import ApiDocsView
from ourvoice.api.feedback import FeedbackSubmitApi
from ourvoice.api.geo import CommuneListApi, DistrictListApi, PlaceSearchApi, ProvinceListApi
from ourvoice.api.offices import OfficeListApi
from ourvoice.api.track import TrackApi, TrackContactWithdrawApi, TrackMessageApi, TrackRatingApi

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("geo/provinces/", ProvinceListApi.as_view(), name="geo-provinces"),
    path("geo/districts/", DistrictListApi.as_view(), name="geo-districts"),
    path("geo/communes/", CommuneListApi.as_view(), name="geo-communes"),
    path("geo/places/", PlaceSearchApi.as_view(), name="geo-places"),
    path("offices/", OfficeListApi.as_view(), name="offices"),
    path("categories/", CategoryListApi.as_view(), name="categories"),
    path("feedback/", FeedbackSubmitApi.as_view(), name="feedback"),
    # The receipt travels only in POST bodies: no tracking address carries it (SECURITY.md A2).
    path("track/", TrackApi.as_view(), name="track"),
    path("track/messages/", TrackMessageApi.as_view(), name="track-messages"),
    path("track/rating/", TrackRatingApi.as_view(), name="track-rating"),
    path("track/contact/withdraw/", TrackContactWithdrawApi.as_view(), name="track-contact-withdraw"),
    path("analytics/dashboard/", DashboardApi.as_view(), name="analytics-dashboard"),
    path("analytics/comparison/", ComparisonApi.as_view(), name="analytics-comparison"),
]
