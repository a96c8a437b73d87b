"""How the citizen endpoints answer when something is wrong: JSON, in the request's language, never 500.

``CitizenApi`` is the base view of the citizen endpoints. Its exception handler turns:

- a service's ``django.core.exceptions.ValidationError`` into 400 ``{field: [messages]}`` with the
  service's own keys (``answers.days_waited`` stays as it is; ``__all__`` becomes
  ``non_field_errors``), so the API and the web pages give the same messages;
- ``ReceiptRejected`` into one 404 body, the same for an unknown case and a wrong secret (B4);
- the throttles into 429 with ``Retry-After``: receipt guesses (B3), receipts asked for again by
  retries (B5), new reports per client and per office (D3);
- ``AlreadyReceived`` (a retry after the retry window) into 409: the report exists (B5);
- DRF's and Django's request errors (malformed JSON, unsupported media type, method, body too big,
  too many form parts) into our own translated messages: DRF ships no Khmer.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from ourvoice.api.parsers import JSONParser, MultiPartParser
from ourvoice.feedback.services import ALREADY_RECEIVED, AlreadyReceived, ReceiptRejected
from ourvoice.feedback.throttle import REPLAYS_WAIT
from ourvoice.feedback.throttle import Throttled as ReceiptThrottled

RECEIPT_NOT_FOUND = _("No case matches this receipt. Check the digits and try again.")
TOO_MANY_ATTEMPTS = _("Too many attempts with a wrong receipt. Wait a while and try again.")
TOO_MANY_REPORTS = _(
    "Many reports were sent in the last hour, from this client or to this office. Wait Retry-After "
    "seconds, then send the report again: nothing was stored."
)
UNREADABLE_BODY = _("The request body could not be read: send valid JSON, or a well-formed multipart form.")
JSON_ONLY = _("Send the request body as JSON (Content-Type: application/json).")
JSON_OR_FORM = _(
    "Send the request body as JSON (application/json), or as multipart/form-data to attach files."
)
METHOD_NOT_ALLOWED = _("This address does not accept %(method)s requests.")
NOT_ACCEPTABLE = _("This API answers only in JSON (application/json).")
TOO_LARGE = _("The request is too large: send at most %(size)s besides the attached files.")
TOO_MANY_PARTS = _("The request has too many fields or files.")
RECEIPT_IN_ADDRESS = _("Send the receipt in the request body, never in the address.")


class TooManyAttempts(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = TOO_MANY_ATTEMPTS
    default_code = "throttled"

    def __init__(self, wait: int, detail: Any = None) -> None:
        super().__init__(detail)
        self.wait = wait  # DRF's handler sends it as Retry-After


class AlreadyReceivedError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = ALREADY_RECEIVED
    default_code = "already_received"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as ``{field: [messages]}``."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
        for key, messages in error.message_dict.items()
    }


def _translate(exc: Exception, context: dict[str, Any]) -> Exception:
    view = context.get("view")
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(field_errors(exc))
    if isinstance(exc, ReceiptRejected):
        return exceptions.NotFound(RECEIPT_NOT_FOUND)
    if isinstance(exc, ReceiptThrottled):
        wait = max(int(exc.retry_after), 1)
        if exc.what == "submissions":
            return TooManyAttempts(wait=wait, detail=TOO_MANY_REPORTS)
        if exc.what == "replays":
            return TooManyAttempts(wait=wait, detail=str(REPLAYS_WAIT) % {"minutes": (wait + 59) // 60})
        return TooManyAttempts(wait=wait)
    if isinstance(exc, AlreadyReceived):
        return AlreadyReceivedError()
    if isinstance(exc, exceptions.ParseError):  # DRF's, Django's multipart, or too deep (parsers.py)
        return exceptions.ParseError(UNREADABLE_BODY)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        takes_forms = any(parser is MultiPartParser for parser in getattr(view, "parser_classes", []))
        return exceptions.UnsupportedMediaType("", detail=JSON_OR_FORM if takes_forms else JSON_ONLY)
    if isinstance(exc, exceptions.MethodNotAllowed):
        method = context["request"].method if context.get("request") else ""
        return exceptions.MethodNotAllowed(method, detail=str(METHOD_NOT_ALLOWED) % {"method": method})
    if isinstance(exc, exceptions.NotAcceptable):
        return exceptions.NotAcceptable(NOT_ACCEPTABLE)
    if isinstance(exc, RequestDataTooBig):
        size = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return PayloadTooLarge(str(TOO_LARGE) % {"size": size})
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError(TOO_MANY_PARTS)
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    return drf_exception_handler(_translate(exc, context), context)


class CitizenApi(APIView):
    """Base of the citizen endpoints: JSON in (multipart where files are allowed), errors as above."""

    parser_classes = [JSONParser]

    def get_exception_handler(self) -> Any:
        return exception_handler


def refuse_receipt_in_address(request: Any) -> None:
    """A receipt in a query string is already in logs and history: refuse it loudly (A2)."""
    if "receipt" in request.query_params:
        raise exceptions.ValidationError({"receipt": [RECEIPT_IN_ADDRESS]})


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
