"""A URL configuration for page tests: the real pages plus pages that fail on purpose."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, include, path

SECRET_DETAIL = "secret-technical-detail-42"


def some_page(request: HttpRequest) -> HttpResponse:
    return render(request, "ourvoice/base.html")


def cached_page(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("public and cacheable")
    response["Cache-Control"] = "public, max-age=60"
    return response


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_DETAIL)


def bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(SECRET_DETAIL)


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET_DETAIL)


urlpatterns: list[URLPattern | URLResolver] = [path("i18n/", include("django.conf.urls.i18n"))]
urlpatterns += i18n_patterns(
    path("staff/", include("ourvoice.accounts.urls")),
    path("", include("ourvoice.web.urls")),
    path("some/page/", some_page, name="some-page"),
    path("cached/", cached_page),
    path("crash/", crash),
    path("bad/", bad),
    path("denied/", denied),
    prefix_default_language=True,
)
