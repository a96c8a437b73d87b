"""The GeoReport v2 endpoints: thin views that read parameters, call selectors and services, and
hand plain structures to the renderers (``formats.py``). Rules: README.md; choices: docs/open311.md.
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ourvoice.apikeys.models import ApiKey
from ourvoice.apikeys.ratelimit import rate_limit_hit
from ourvoice.apikeys.selectors import apikey_authenticate
from ourvoice.feedback import publication
from ourvoice.feedback.models import Category
from ourvoice.feedback.selectors import category_list
from ourvoice.feedback.throttle import client_key
from ourvoice.open311 import params, representation
from ourvoice.open311.errors import NOT_FOUND, Open311Error, bad_request, exception_handler
from ourvoice.open311.formats import RENDERERS, SuffixNegotiation
from ourvoice.open311.schema import (
    definition_schema,
    discovery_schema,
    request_schema,
    requests_list_schema,
    requests_post_schema,
    services_schema,
    token_schema,
)
from ourvoice.open311.submission import submit


class Open311Api(APIView):
    """Format by suffix, errors as the spec's list, language by ``locale`` (or Accept-Language),
    the API key checked and every request counted against its rate limit."""

    renderer_classes = RENDERERS
    content_negotiation_class = SuffixNegotiation
    parser_classes = [FormParser, MultiPartParser]
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    xml_root = "response"
    api_key: ApiKey | None = None

    def get_exception_handler(self) -> Any:
        return exception_handler

    def get_format_suffix(self, **kwargs: Any) -> str | None:
        return kwargs.get("response_format")

    def parameters(self, request: Request) -> Any:
        return request.data if request.method == "POST" else request.query_params

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        data = self.parameters(request)
        language = params.locale(data) or params.locale(request.query_params)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        self.api_key = self.check_key(request, data)
        params.check_jurisdiction(data)

    def check_key(self, request: Request, data: Any) -> ApiKey | None:
        given = params.text(data, "api_key") or params.text(request.query_params, "api_key")
        writing = request.method == "POST"
        if not given and writing:
            raise Open311Error(403, _("api_key: an API key is required to create a service request."))
        api_key = apikey_authenticate(key=given) if given else None
        if given and api_key is None:
            raise Open311Error(403, _("Invalid api_key received -- can't proceed."))
        if api_key is not None:
            wait = rate_limit_hit(bucket=f"apikey:{api_key.pk}", per_minute=api_key.rate_per_minute)
        else:
            wait = rate_limit_hit(
                bucket=f"open311:{client_key(request._request)}",
                per_minute=settings.OPEN311_ANONYMOUS_READS_PER_MINUTE,
            )
        if wait is not None:
            raise Open311Error(429, _("Too many requests: wait a minute and try again."), retry_after=wait)
        return api_key


class DiscoveryApi(Open311Api):
    xml_root = "discovery"

    @discovery_schema
    def get(self, request: Request, response_format: str) -> Response:
        url = request.build_absolute_uri("/open311/v2")
        return Response(representation.discovery(endpoint_url=url))


class ServiceListApi(Open311Api):
    xml_root = "services"

    @services_schema
    def get(self, request: Request, response_format: str) -> Response:
        return Response([representation.service(category) for category in category_list()])


def _category(code: str) -> Category:
    category = category_list().filter(code=code).first() if code else None
    if category is None:
        raise Open311Error(404, _("service_code: no service has this code (see services.xml)."))
    return category


class ServiceDefinitionApi(Open311Api):
    xml_root = "service_definition"

    @definition_schema
    def get(self, request: Request, service_code: str, response_format: str) -> Response:
        return Response(representation.service_definition(_category(service_code)))


def _date_range(data: Any) -> tuple[datetime.date, datetime.date]:
    """The Cambodian days ``start_date`` and ``end_date`` fall on: only dates are published, so
    only dates filter (SECURITY.md A3). A time of day given is reduced to its day."""
    start, end = params.w3c_datetime(data, "start_date"), params.w3c_datetime(data, "end_date")
    first = publication.cambodian_day(start) if start is not None else None
    last = publication.cambodian_day(end) if end is not None else None
    span = publication.MAX_SPAN
    if first is None and last is None:
        last = publication.cambodian_day(timezone.now())
    try:
        if first is None:
            assert last is not None
            first = last - span
        if last is None:
            last = first + span
    except OverflowError:  # a date at the edge of the calendar (year 1 or 9999)
        raise bad_request(_("start_date and end_date: the range may not span more than 90 days.")) from None
    if first > last:
        raise bad_request(_("start_date: give a date before end_date."))
    if last - first > span:
        raise bad_request(_("start_date and end_date: the range may not span more than 90 days."))
    return first, last


class RequestsApi(Open311Api):
    xml_root = "service_requests"

    @requests_list_schema
    def get(self, request: Request, response_format: str) -> Response:
        data = request.query_params
        ids = params.comma_list(data, "service_request_id")
        statuses = params.comma_list(data, "status")
        if statuses and not set(statuses) <= {"open", "closed"}:
            raise bad_request(_("status: give open, closed, or both separated by a comma."))
        if ids is not None:
            cases = publication.public_case_list(public_ids=ids)
        else:
            first_day, last_day = _date_range(data)
            cases = publication.public_case_list(
                category_codes=params.comma_list(data, "service_code"),
                first_day=first_day,
                last_day=last_day,
                statuses=set(statuses) if statuses else None,
            )
        return Response([representation.service_request(case) for case in cases])

    @requests_post_schema
    def post(self, request: Request, response_format: str) -> Response:
        code = params.text(request.data, "service_code")
        if not code:
            raise bad_request(_("service_code: give the code of a service (see services.xml)."))
        submission = submit(request, category=_category(code))
        return Response(representation.created(submission))


class RequestApi(Open311Api):
    xml_root = "service_requests"

    @request_schema
    def get(self, request: Request, service_request_id: str, response_format: str) -> Response:
        case = publication.public_case(public_id=service_request_id)
        if case is None:
            raise Open311Error(404, _("service_request_id: no public service request has this id."))
        return Response([representation.service_request(case)])


class TokenApi(Open311Api):
    xml_root = "service_requests"

    @token_schema
    def get(self, request: Request, token: str, response_format: str) -> Response:
        # Every service is realtime: no token is ever issued. A service_request_id is accepted as
        # its own token, for clients that always ask (docs/open311.md).
        case = publication.public_case(public_id=token)
        if case is None:
            raise Open311Error(404, _("token: no service request has this token."))
        return Response([{"service_request_id": case.feedback.public_id, "token": token}])


class NotFoundApi(Open311Api):
    """Any other address under /open311/v2/: the spec's 404, in the format its suffix asks for."""

    schema = None  # not an operation of the OpenAPI schema

    def get(self, request: Request, **kwargs: Any) -> Response:
        raise Open311Error(404, NOT_FOUND)

    post = put = patch = delete = get

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        APIView.initial(self, request, *args, **kwargs)
