"""Request fields of the citizen API: shapes only, every error one of our own translated messages.

DRF's own messages have no Khmer, so each field here sets its messages (module-level
``gettext_lazy``, evaluated in the request's language). The fields check the *shape* of a value
(a string, a number, an object, a known code or id) and load what a code or id names; whether the
values make a good report is decided by the services (``feedback_submit``, ``case_rate``...),
whose ``ValidationError`` the API turns into the same ``{field: [messages]}`` (see ``errors.py``).

Text must be storable: NUL characters (refused by PostgreSQL) and lone surrogates (which cannot be
encoded as UTF-8) answer 400 here rather than 500 further down.
"""

import json
import re
from typing import TYPE_CHECKING, Any

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from ourvoice.api.params import COMMUNE_CODE_MESSAGE, GazetteerCodeField
from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.models import Category
from ourvoice.feedback.receipts import parse_receipt
from ourvoice.feedback.selectors import category_list
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

TEXT_MESSAGE = _("Give this as text.")
UNSTORABLE_MESSAGE = _("This text contains characters that cannot be stored: remove them.")
TOO_LONG_MESSAGE = _("Use at most %(limit_value)d characters.")
CATEGORY_MESSAGE = _("Give the code of a topic from the categories list.")
CATEGORY_UNKNOWN_MESSAGE = _("No topic has this code: refresh the categories list.")
COMMUNE_UNKNOWN_MESSAGE = _("No commune has this code.")
OFFICE_MESSAGE = _("Give the id of an office from the offices list: a whole number.")
OFFICE_UNKNOWN_MESSAGE = _("No office has this id: refresh the offices list.")
DATE_MESSAGE = _("Enter a date such as 2026-04-14.")
AMOUNT_MESSAGE = _("Enter a number between 0 and 1,000,000,000,000.")
YES_NO_MESSAGE = _("Answer yes or no.")
CHOICE_MESSAGE = _("Choose one of the answers in the list.")
ANSWERS_MESSAGE = _("Give the answers as an object that maps question codes to answers.")
ANSWER_VALUE_MESSAGE = _("Each answer is a text, a number, or true or false.")
SCORES_MESSAGE = _("Give the scores as an object that maps indicators to a number from 1 to 5.")
SCORE_MESSAGE = _("Each score is a number from 1 to 5.")
BODY_MESSAGE = _("Send a JSON object with the fields of this request.")
RECEIPT_MESSAGE = _("Give the receipt: 20 digits, for example 1234 5678 9012 3456 7890.")

AMOUNT_MAX = 10**12
# Question codes and scorecard indicators are slugs: anything else cannot name one.
_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")
_SURROGATES = re.compile("[\ud800-\udfff]")


def one_message(message: "_StrPromise", *keys: str) -> dict[str, "str | _StrPromise"]:
    return dict.fromkeys(keys or ("required", "null", "blank", "invalid"), message)


def storable(text: str) -> bool:
    return "\x00" not in text and not _SURROGATES.search(text)


class RequestSerializer(serializers.Serializer):
    """A request body: an object (a list or a bare value answers 400 with our message)."""

    default_error_messages = {"invalid": BODY_MESSAGE}

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None:  # a JSON ``null`` body; DRF would answer its own "No data provided"
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [BODY_MESSAGE]})
        return super().validate_empty_values(data)


class TextField(serializers.CharField):
    """A string (numbers and other types are refused) that can be stored, of at most ``limit``."""

    def __init__(self, *, message: "_StrPromise" = TEXT_MESSAGE, limit: int | None = None, **kwargs: Any):
        kwargs.setdefault("error_messages", one_message(message))
        super().__init__(**kwargs)
        # DRF's own validators speak English; ours carry the limit in the schema and our message.
        self.validators = [MaxLengthValidator(limit, message=TOO_LONG_MESSAGE)] if limit else []

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if not storable(data):
            raise serializers.ValidationError(UNSTORABLE_MESSAGE, code="invalid")
        return data.strip() if self.trim_whitespace else data


class ReceiptField(TextField):
    """A receipt as the citizen typed it (Khmer or Latin digits, spaces and dashes): 20 digits.

    A malformed receipt reveals nothing about any case, so it answers 400 with a hint; whether a
    well-formed one opens a case is for ``receipt_open`` to say (404 or 429, SECURITY.md B3-B4).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(message=RECEIPT_MESSAGE, limit=100, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        if parse_receipt(text) is None:
            self.fail("invalid")
        return text


class CategoryField(TextField):
    """The code of an active category; loads the Category."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(message=CATEGORY_MESSAGE, limit=64, **kwargs)

    def run_validation(self, data: Any = empty) -> Category | None:
        code = super().run_validation(data)
        if code is None:
            return None
        if not _CODE.fullmatch(code):
            self.fail("invalid")
        category = category_list().filter(code=code).first()
        if category is None:
            raise serializers.ValidationError(CATEGORY_UNKNOWN_MESSAGE, code="does_not_exist")
        return category


class CommuneField(GazetteerCodeField):
    """A commune code of 6 digits (Khmer digits accepted); loads the Commune."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(digits=6, message=COMMUNE_CODE_MESSAGE, allow_blank=True, **kwargs)

    def run_validation(self, data: Any = empty) -> Commune | None:
        code = super().run_validation(data)
        if not code:  # null or "": not given
            return None
        commune = Commune.objects.select_related("district").filter(code=code).first()
        if commune is None:
            raise serializers.ValidationError(COMMUNE_UNKNOWN_MESSAGE, code="does_not_exist")
        return commune


class WholeNumberField(serializers.IntegerField):
    """A whole number, also as text with Khmer digits or thousands separators (forms send text)."""

    def __init__(self, *, message: "_StrPromise", **kwargs: Any) -> None:
        keys = ("required", "null", "invalid", "min_value", "max_value", "max_string_length")
        super().__init__(error_messages=one_message(message, *keys), **kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            data = to_latin_digits(data).replace(",", "").strip()
            if not data.isascii():  # int() would read other scripts' digits
                self.fail("invalid")
        return int(super().to_internal_value(data))


class OfficeField(WholeNumberField):
    """An office id; loads the Office."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(message=OFFICE_MESSAGE, min_value=1, max_value=2**63 - 1, **kwargs)

    def run_validation(self, data: Any = empty) -> Office | None:
        number = super().run_validation(data)
        if number is None:
            return None
        office = Office.objects.filter(pk=number).first()
        if office is None:
            raise serializers.ValidationError(OFFICE_UNKNOWN_MESSAGE, code="does_not_exist")
        return office


class NullBooleanField(serializers.BooleanField):
    """true, false or null (not said). A form that leaves it out means null, not false."""

    default_empty_html = empty

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, error_messages=one_message(YES_NO_MESSAGE), **kwargs)


class DateField(serializers.DateField):
    """YYYY-MM-DD, Latin or Khmer digits."""

    def __init__(self, **kwargs: Any) -> None:
        keys = ("required", "null", "invalid", "datetime")
        super().__init__(
            input_formats=["iso-8601"], error_messages=one_message(DATE_MESSAGE, *keys), **kwargs
        )

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str):
            self.fail("invalid")
        return super().to_internal_value(to_latin_digits(value).strip())


class _JsonObjectField(serializers.Field):
    """An object of codes to values; from a multipart form, a string holding that object as JSON."""

    message: "_StrPromise" = ANSWERS_MESSAGE
    max_keys = 50

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=one_message(self.message), **kwargs)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, str):
            try:
                data = json.loads(data, parse_constant=_refuse_constant)
            except (ValueError, RecursionError):
                self.fail("invalid")
        if not isinstance(data, dict) or len(data) > self.max_keys:
            self.fail("invalid")
        if not all(_CODE.fullmatch(key) for key in data):
            self.fail("invalid")
        return {key: self.clean_value(value) for key, value in data.items()}

    def clean_value(self, value: Any) -> Any:
        return value

    def to_representation(self, value: Any) -> Any:
        return value


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]},
    }
)
class AnswersField(_JsonObjectField):
    """Answers keyed by question code; the service checks them against the category's questions."""

    def clean_value(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str) and storable(value):
            return value
        raise serializers.ValidationError(ANSWER_VALUE_MESSAGE, code="invalid")


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
    }
)
class ScoresField(_JsonObjectField):
    """Scores keyed by indicator; which indicators exist and the 1-5 range are the service's rules."""

    message = SCORES_MESSAGE
    max_keys = 20

    def clean_value(self, value: Any) -> int:
        if isinstance(value, str) and 0 < len(value) <= 3:
            value = to_latin_digits(value.strip())
            if value.isascii() and value.isdigit():
                return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise serializers.ValidationError(SCORE_MESSAGE, code="invalid")


@extend_schema_field(OpenApiTypes.STR)
class AnswersTextField(AnswersField):
    """The same answers, documented as the JSON string a multipart form carries."""


@extend_schema_field(OpenApiTypes.STR)
class ScoresTextField(ScoresField):
    """The same scores, documented as the JSON string a multipart form carries."""


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file of a multipart form, for the schema: the files are read by ``uploads.uploads_from``."""
