"""Every Open311 error is the specification's ``errors`` list, in the request's format and language.

``[{"code": 400, "description": "..."}]`` in JSON, ``<errors><error><code>…`` in XML; the code is
the HTTP status. The spec's statuses: 404 for what does not exist, 403 for a missing or wrong
``api_key``, 400 for any other request that cannot be fulfilled. Besides those, 405 (wrong
method, with ``Allow``), 413 (body too large) and 429 (rate limit, with ``Retry-After``) keep
their HTTP meaning. A service's ``ValidationError`` becomes one error per message, prefixed with
the Open311 parameter it concerns (``attribute[days_waited]: Enter a whole number.``).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response

# The service's field names → the Open311 parameter a client sent.
PARAMETER = {
    "category": "service_code",
    "commune": "address_id",
    "office": "office_id",
    "contact_phone": "phone",
    "service_name": "attribute[fee_service]",
    "official_fee": "attribute[fee_official]",
    "amount_paid": "attribute[fee_paid]",
    "receipt_given": "attribute[fee_receipt_given]",
    "scores": "attribute[score_…]",
    "about_office": "attribute[about_office]",
}

UNREADABLE = _("The request body could not be read: send an application/x-www-form-urlencoded form.")
FORM_ONLY = _("Send the request as a form (Content-Type: application/x-www-form-urlencoded).")
METHOD = _("This address does not accept %(method)s requests.")
TOO_LARGE = _("The request is too large: send at most %(size)s.")
TOO_MANY_PARTS = _("The request has too many fields or files.")
NOT_FOUND = _("Nothing here: see discovery.xml for the endpoints of this server.")


class Open311Error(exceptions.APIException):
    """An error with the spec's status and our own (translated) description."""

    def __init__(self, status: int, description: Any, *, retry_after: int | None = None) -> None:
        super().__init__(detail=str(description))
        self.status_code = status
        self.wait = retry_after  # DRF sends it as Retry-After


def bad_request(description: Any) -> Open311Error:
    return Open311Error(400, description)


def _parameter(key: str) -> str:
    if key.startswith("answers."):
        return f"attribute[{key.removeprefix('answers.')}]"
    return PARAMETER.get(key, key)


def _descriptions(detail: Any, prefix: str = "") -> list[str]:
    """Flatten DRF's or Django's nested error details into "parameter: message" lines."""
    if isinstance(detail, dict):
        lines: list[str] = []
        for key, value in detail.items():
            name = "" if key in (NON_FIELD_ERRORS, "non_field_errors") else _parameter(str(key))
            lines += _descriptions(value, name)
        return lines
    if isinstance(detail, list | tuple):
        return [line for item in detail for line in _descriptions(item, prefix)]
    return [f"{prefix}: {detail}" if prefix else str(detail)]


def _translate(exc: Exception, context: dict[str, Any]) -> tuple[int, list[str], dict[str, str]] | None:
    headers: dict[str, str] = {}
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return 400, _descriptions(detail), headers
    if isinstance(exc, RequestDataTooBig):
        return 413, [str(TOO_LARGE) % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}], headers
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return 400, [str(TOO_MANY_PARTS)], headers
    if isinstance(exc, exceptions.MethodNotAllowed):
        method = context["request"].method if context.get("request") else ""
        view = context.get("view")
        if view is not None:
            headers["Allow"] = ", ".join(view.allowed_methods)
        return 405, [str(METHOD) % {"method": method}], headers
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return 400, [str(FORM_ONLY)], headers
    if isinstance(exc, Open311Error):
        if exc.wait:
            headers["Retry-After"] = str(exc.wait)
        return exc.status_code, [str(exc.detail)], headers
    if isinstance(exc, exceptions.ParseError):
        return 400, [str(UNREADABLE)], headers
    if isinstance(exc, exceptions.ValidationError):
        return 400, _descriptions(exc.detail), headers
    if isinstance(exc, exceptions.NotFound | exceptions.NotAcceptable):
        return 404 if isinstance(exc, exceptions.NotFound) else 400, [str(exc.detail)], headers
    return None  # a bug: DRF re-raises, Django logs it and answers 500 (tests and schemathesis catch it)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    translated = _translate(exc, context)
    if translated is None:
        return None
    status, descriptions, headers = translated
    body = [{"code": status, "description": description} for description in descriptions]
    return Response(body, status=status, headers=headers)
