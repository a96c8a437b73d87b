"""Routes of Open311 GeoReport v2 (mounted at /open311/v2/): the format is the path's suffix."""

from django.urls import path, re_path, register_converter

from ourvoice.open311 import views


class FormatConverter:
    regex = "xml|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311format")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311format:response_format>", views.DiscoveryApi.as_view(), name="discovery"),
    path("services.<open311format:response_format>", views.ServiceListApi.as_view(), name="services"),
    path(
        "services/<slug:service_code>.<open311format:response_format>",
        views.ServiceDefinitionApi.as_view(),
        name="service",
    ),
    path("requests.<open311format:response_format>", views.RequestsApi.as_view(), name="requests"),
    path(
        "requests/<str:service_request_id>.<open311format:response_format>",
        views.RequestApi.as_view(),
        name="request",
    ),
    path("tokens/<str:token>.<open311format:response_format>", views.TokenApi.as_view(), name="token"),
    re_path(r"^.*$", views.NotFoundApi.as_view(), name="not-found"),
]
