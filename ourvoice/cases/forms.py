"""Forms of the staff case pages: input checking only; the services decide."""

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ourvoice.cases.models import Status
from ourvoice.cases.search import QUERY_MAX_LENGTH
from ourvoice.core.i18n import in_language, khmer_first
from ourvoice.core.khmer import to_latin_digits
from ourvoice.core.widgets import QuickSelect
from ourvoice.feedback.models import Category, Channel, Kind
from ourvoice.geo.models import Commune, Province
from ourvoice.messaging.models import MESSAGE_MAX_LENGTH

StrOrPromise = str | Promise


class KhmerDateField(forms.DateField):
    """Accepts Khmer digits as well (docs KHMER.md: Django's date fields do not)."""

    def to_python(self, value: Any) -> datetime.date | None:
        return super().to_python(to_latin_digits(value) if isinstance(value, str) else value)


def _blank(choices: Sequence[tuple[str, StrOrPromise]]) -> list[tuple[str, StrOrPromise]]:
    return [("", _("All")), *choices]


class _RowChoiceIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from cast(PlaceChoiceField, self.field).choices_from_rows(self.queryset)


class PlaceChoiceField(forms.ModelChoiceField):
    """A province or commune to filter by. The options are read as (code, names) rows, not as
    model instances: every inbox page lists them (docs/performance.md). Labels as ``str(place)``."""

    iterator = _RowChoiceIterator

    def choices_from_rows(self, queryset: QuerySet[Any]) -> Iterator[tuple[Any, str]]:
        for pk, km, en in queryset.values_list("pk", "name_km", "name_en"):
            yield pk, khmer_first(km, en)


class CategoryChoiceField(forms.ModelChoiceField):
    """A category to filter by, read as rows like ``PlaceChoiceField``. Labels as ``str(category)``."""

    iterator = _RowChoiceIterator

    def choices_from_rows(self, queryset: QuerySet[Any]) -> Iterator[tuple[Any, str]]:
        kinds = {value: str(label) for value, label in Kind.choices}
        for pk, kind, km, en in queryset.values_list("pk", "kind", "name_km", "name_en"):
            yield pk, f"{kinds.get(kind, kind)}: {in_language(km, en)}"


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the text"), required=False, max_length=QUERY_MAX_LENGTH)
    # QuickSelect: the same <select>, without a template per option (every inbox page shows them).
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(Kind.choices), widget=QuickSelect
    )
    category = CategoryChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.all(),
        empty_label=_("All"),
        widget=QuickSelect,
    )
    province = PlaceChoiceField(
        label=_("Province"),
        required=False,
        queryset=Province.objects.none(),
        empty_label=_("All"),
        widget=QuickSelect,
    )
    commune = PlaceChoiceField(
        label=_("Commune"),
        required=False,
        queryset=Commune.objects.none(),
        empty_label=_("All"),
        widget=QuickSelect,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=_blank(Channel.choices), widget=QuickSelect
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(Status.choices), widget=QuickSelect
    )
    date_from = KhmerDateField(label=_("Received from"), required=False)
    date_to = KhmerDateField(label=_("Received until"), required=False)

    def __init__(self, *args: object, province_ids: list[str], **kwargs: object) -> None:
        """``province_ids``: the provinces of the user's offices. With several, the communes
        offered are those of the chosen province only: all 1,652 of the country made national
        oversight's inbox page 100 KB heavier and most of its rendering time
        (docs/performance.md)."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        communes = Commune.objects.order_by("code")
        if len(province_ids) > 1:
            self.fields["province"].queryset = Province.objects.filter(pk__in=province_ids).order_by("code")  # type: ignore[attr-defined]
            chosen = self._chosen_province(province_ids)
            communes = communes.filter(district__province_id=chosen) if chosen else communes.none()
            if not chosen:
                self.fields["commune"].help_text = _("Choose a province and apply to list its communes.")
        else:
            del self.fields["province"]
            communes = communes.filter(district__province_id__in=province_ids)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def _chosen_province(self, province_ids: list[str]) -> str | None:
        """The province asked for, or else the chosen commune's (a link may name only a commune)."""
        data = self.data if self.is_bound else {}
        province = str(data.get("province") or "")
        if province in province_ids:
            return province
        commune = to_latin_digits(str(data.get("commune") or ""))
        found = Commune.objects.filter(pk=commune).values_list("district__province_id", flat=True).first()
        return found if found in province_ids else None


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the citizen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
    )
    ask_citizen = forms.BooleanField(
        label=_("This asks the citizen a question (the case waits for the answer)"), required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason (the citizen sees it; required to reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False, empty_value=None)


class TransferForm(forms.Form):
    office = forms.TypedChoiceField(label=_("Transfer to"), coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class DuplicateForm(forms.Form):
    original = forms.IntegerField(label=_("Original case"), widget=forms.HiddenInput)
