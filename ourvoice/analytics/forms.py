"""The filter form of the dashboard and comparison pages (GET): input checking only.

The area is not checked here: ``areas.parse_area`` answers 404 for an area outside the scope
before the form is built, and the form only offers the areas next to the current one. Anything
else that cannot be right is a form error: the page answers 400 and shows what was entered.
"""

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ourvoice.analytics.indicators import INDICATORS
from ourvoice.analytics.models import Level, Split
from ourvoice.analytics.scope import MAX_MONTHS, Area, Filters, months_between
from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.models import Category, Kind

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
SPLITS = [(Split.NONE, _("No split")), (Split.GENDER, _("Gender")), (Split.AGE_BAND, _("Age band"))]
SPLITS.append((Split.DISABILITY, _("Disability")))
SORT_COLUMNS = ("rank", "name", "value", "previous", "trend")
CHOICE_ERROR = {"invalid_choice": _("Choose one of the options in the list.")}


class MonthField(forms.CharField):
    """A month as YYYY-MM, Khmer digits accepted (KHMER.md).

    A text input, not ``type="month"``: a browser empties a month input holding a value it cannot
    read, so a mistake could not be shown back as typed, and Khmer digits could not be typed.
    """

    widget = forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}, format="%Y-%m")

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        if isinstance(value, datetime.date):
            return value
        text = to_latin_digits(str(value or "")).strip()
        if not text:
            return None
        match = _MONTH.fullmatch(text)
        if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise forms.ValidationError(_("Enter a month as year and month, for example 2026-06."))
        return datetime.date(int(match[1]), int(match[2]), 1)


def _categories() -> list[tuple[Any, Any]]:
    field = "name_km" if get_language() == "km" else "name_en"
    groups: dict[str, list[tuple[str, str]]] = {}
    for pk, kind, name in Category.objects.order_by("kind", "order", "pk").values_list("pk", "kind", field):
        groups.setdefault(kind, []).append((str(pk), name))
    return [("", _("All categories"))] + [(Kind(kind).label, options) for kind, options in groups.items()]


class FilterForm(forms.Form):
    area = forms.CharField(label=_("Area"), required=False, max_length=16, widget=forms.Select)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Kind.choices],
        error_messages=CHOICE_ERROR,
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None, error_messages=CHOICE_ERROR
    )
    start = MonthField(label=_("From month"), required=False, help_text=_("Year and month, e.g. 2026-01"))
    end = MonthField(label=_("To month"), required=False, help_text=_("Year and month, e.g. 2026-12"))
    split = forms.ChoiceField(
        label=_("Split every indicator by"), required=False, choices=SPLITS, error_messages=CHOICE_ERROR
    )
    indicator = forms.ChoiceField(
        label=_("Indicator for the map and the comparison"), required=False, error_messages=CHOICE_ERROR
    )

    def __init__(
        self, data: Any, *, area_choices: list[tuple[str, str]], default: Filters, area: str
    ) -> None:
        initial = {"area": area, "start": default.start, "end": default.end, "indicator": "reports"}
        super().__init__(data or None, initial=initial)
        self.default = default
        self.fields["area"].widget.choices = area_choices
        self.fields["category"].choices = _categories()  # type: ignore[attr-defined]
        self.fields["indicator"].choices = [(code, i.label) for code, i in INDICATORS.items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("start") or self.default.start
        end = data.get("end") or self.default.end
        if "start" in data and "end" in data:
            if end < start:
                self.add_error("end", _("The last month must not be before the first month."))
            elif len(months_between(start, end)) > MAX_MONTHS:
                self.add_error("end", _("Choose a period of at most 120 months."))
        data["start"], data["end"] = start, end
        data["indicator"] = data.get("indicator") or "reports"
        return data

    def filters(self, area: Area) -> Filters:
        """The checked filters (call after ``is_valid()``; unbound: the defaults)."""
        if not self.is_bound:
            return self.default
        data = self.cleaned_data
        return Filters(
            area=area,
            start=data["start"],
            end=data["end"],
            kind=data.get("kind") or "",
            category=data.get("category"),
            split=data.get("split") or "",
        ).clean()

    def chosen_indicator(self) -> str:
        return self.cleaned_data["indicator"] if self.is_bound else "reports"


class ComparisonForm(FilterForm):
    """The dashboard's filters, the level to compare (below a province only) and the sort."""

    level = forms.ChoiceField(
        label=_("Compare"),
        required=False,
        choices=[(Level.DISTRICT, _("Districts")), (Level.OFFICE, _("Offices"))],
        error_messages=CHOICE_ERROR,
    )
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(s, s) for c in SORT_COLUMNS for s in (c, f"-{c}")],
        error_messages={"invalid_choice": _("This table cannot be sorted that way.")},
    )

    def __init__(
        self, data: Any, *, area_choices: list[tuple[str, str]], default: Filters, area: str
    ) -> None:
        super().__init__(data, area_choices=area_choices, default=default, area=area)
        del self.fields["split"]  # the comparison ranks whole areas
        if not area.startswith(Level.PROVINCE):
            del self.fields["level"]  # only below a province is there a choice to make
