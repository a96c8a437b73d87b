"""Form fields that read what Cambodian citizens type: Khmer digits, riel amounts, several files."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.files import ACCEPT_ATTRIBUTE
from ourvoice.feedback.services import Upload

MAX_AMOUNT = 10**12


class LocalDateField(forms.DateField):
    """A date typed as 2026-04-14 or 14/04/2026, in Latin or Khmer digits (the date picker sends ISO)."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
    default_error_messages = {"invalid": _("Enter a date such as 2026-04-14.")}

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = to_latin_digits(value).strip()
        return super().to_python(value)


class RielField(forms.Field):
    """A whole amount of riel: "20000", "20,000", "២០ ០០០ ៛" all read 20000."""

    default_error_messages = {
        "invalid": _("Enter the amount in riel, in digits, for example 20000."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "40"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        digits = to_latin_digits(text).lower()
        for noise in (",", " ", "\u00a0", "៛", "riel", "khr", "រៀល"):
            digits = digits.replace(noise, "")
        if len(text) > 40 or not digits.isascii() or not digits.isdigit() or int(digits) > MAX_AMOUNT:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(digits)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; more than the limit is refused before any is read."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > settings.UPLOAD_MAX_FILES:
            # The same sentence as feedback.services.uploads_clean, so one translation serves both.
            raise ValidationError(
                _("You can attach at most %(count)d files.") % {"count": settings.UPLOAD_MAX_FILES},
                code="too_many",
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def uploads_of(files: list[UploadedFile]) -> list[Upload]:
    """The files as the services take them; a file over the size limit is read only past the limit,
    enough for the service to refuse it with its clear message."""
    limit = settings.UPLOAD_MAX_BYTES + 1
    return [Upload(name=f.name or "file", data=f.read(limit)) for f in files]
