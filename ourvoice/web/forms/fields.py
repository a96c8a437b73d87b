"""Form fields that read what Cambodian citizens type: Khmer digits, riel amounts, several files."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ourvoice.core.dates import cambodia_today
from ourvoice.core.khmer import to_khmer_digits, to_latin_digits
from ourvoice.feedback.files import ACCEPT_ATTRIBUTE
from ourvoice.feedback.services import Upload

MAX_AMOUNT = 10**12


# One date in one value, as clients other than the lists send it (ISO first), Khmer digits read.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class DayMonthYearWidget(forms.MultiWidget):
    """Three lists – day, month (by name), year – each with its label, in the page's language.

    Chosen over the browser's date picker, which shows the phone's language and format
    ("mm/dd/yyyy") rather than the page's, and over a typed date, which a Khmer keyboard makes
    hard (digits, slashes, an order to remember): a list needs no typing and no format. The year
    list holds this year (in Cambodia) and the five before it. Without JavaScript, as with it.
    """

    template_name = "ourvoice/web/widgets/day_month_year.html"
    is_day_month_year = True  # field.html shows it as a fieldset (templates cannot test a class)
    YEARS_BACK = 5

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.Select, forms.Select, forms.Select], attrs)

    def _choices(self) -> list[list[tuple[str, str]]]:
        khmer = (get_language() or "km").startswith("km")
        show = to_khmer_digits if khmer else str
        year = cambodia_today().year
        return [
            [("", "–"), *[(str(day), show(str(day))) for day in range(1, 32)]],
            [("", "–"), *[(str(number), str(name)) for number, name in MONTHS.items()]],
            [("", "–"), *[(str(y), show(str(y))) for y in range(year, year - self.YEARS_BACK - 1, -1)]],
        ]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        choices = self._choices()
        parts = value if isinstance(value, list | tuple) else self.decompress(value)
        year = to_latin_digits(str(parts[2] if len(parts) == 3 else "")).strip()
        if year.isdigit() and year not in {option for option, _label in choices[2]}:
            choices[2].append((year, year))  # a year typed elsewhere (a far one): kept, to be corrected
        for widget, widget_choices in zip(self.widgets, choices, strict=True):
            widget.choices = widget_choices  # type: ignore[attr-defined]
        context = super().get_context(name, value, attrs)
        labels = (_("Day"), _("Month"), _("Year"))
        for sub, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            sub["label"] = label
        return context

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = _parse_date(value)
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and data.get(name):
            return data.get(name)  # one date in one field: an API-like client or an older page
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


def _parse_date(text: str) -> datetime.date | None:
    text = to_latin_digits(text).strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


class DayMonthYearField(forms.Field):
    """A date chosen as day, month and year (``DayMonthYearWidget``); all three or none.

    Khmer digits are read as well as Latin ones, and one date in one value (``2026-04-14`` or
    ``14/04/2026``) is still accepted. Whether the date may be in the future is for the service
    to say (``feedback_submit`` refuses a visit after today in Cambodia).
    """

    widget = DayMonthYearWidget
    default_error_messages = {
        "incomplete": _("Choose the day, the month and the year, or leave all three empty."),
        "invalid": _("This date does not exist. Check the day and the month."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            if not value.strip():
                return None
            parsed = _parse_date(value)
            if parsed is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return parsed
        parts = [to_latin_digits(str(part or "")).strip() for part in (value or [])]
        if not any(parts):
            return None
        if len(parts) != 3 or not all(parts):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = parts
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


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
