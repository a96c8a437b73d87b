"""The staff intake forms: choosing the topic, then the citizen's form with the channel added.

The second form *is* the citizen's ``FeedbackForm`` (same questions, fees, scorecard, profile and
parsing of Khmer digits), without attachments and contact details, with the channel and the
commune added and its labels spoken about the citizen rather than to them.
"""

import dataclasses
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ourvoice.channels.staff.services import STAFF_CHANNELS
from ourvoice.feedback.models import Category, Channel, Kind
from ourvoice.feedback.services import FeedbackInput
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import office_handling_complaint_about
from ourvoice.web.flow import Choice
from ourvoice.web.forms.base import CitizenForm
from ourvoice.web.forms.feedback import FeedbackForm

# Files and contact details are not taken at the counter; nor is consent to publication, which
# the citizen gives only next to a preview of what would be public (the web form).
DROPPED = ("attachments", "contact_consent", "contact_phone", "contact_telegram", "publication_consent")
STAFF_LABELS = {
    "visit_date": _("Date of the visit"),
    "amount_paid": _("Amount the citizen was asked for or paid, in riel"),
    "receipt_given": _("Was the citizen given an official receipt?"),
    "disability": _("Does the citizen have a disability?"),
    # The citizen form shows its own heading instead of a label; staff need the label.
    "description": _("What the citizen reported"),
}


def _khmer() -> bool:
    return (get_language() or "km").startswith("km")


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name_km if _khmer() else obj.name_en


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commune) -> str:
        return obj.name_km if _khmer() else obj.name_en


class TopicForm(CitizenForm):
    """Step 1: the kind and the topic, which decide the questions of step 2."""

    kind = forms.ChoiceField(
        label=_("Kind of report"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of report.")},
    )
    category = CategoryChoiceField(
        label=_("Topic"),
        queryset=Category.objects.none(),
        to_field_name="code",
        error_messages={
            "required": _("Choose the topic."),
            "invalid_choice": _("Choose a topic from the list."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories: QuerySet[Category] = Category.objects.filter(is_active=True)
        field = self.fields["category"]
        assert isinstance(field, CategoryChoiceField)
        field.queryset = categories
        labels = dict(Kind.choices)
        field.choices = [("", "---------")] + [
            (
                str(labels[kind]),
                [(c.code, field.label_from_instance(c)) for c in categories if c.kind == kind],
            )
            for kind in Kind.values
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        category, kind = data.get("category"), data.get("kind")
        if category is not None and kind and category.kind != kind:
            self.add_error("category", _("This topic is not of the chosen kind."))
        return data


class StaffIntakeForm(FeedbackForm):
    """Step 2: what the citizen told the office, as the citizen's form asks it."""

    def __init__(self, *args: Any, office: Office, communes: QuerySet[Commune], **kwargs: Any) -> None:
        overseer = office_handling_complaint_about(office=office)
        super().__init__(*args, office=office, overseer=overseer, **kwargs)
        self.office = office
        fields = self.fields
        for name in DROPPED:
            fields.pop(name, None)
        if "about_office" in fields:
            # The staff member asks the citizen; the complaint is then about the staff's own office.
            fields["about_office"].label = _("Is the complaint about your office or someone who works there?")
            if overseer.pk != office.pk:
                fields["about_office"].help_text = _(
                    "If it is, it goes to %(overseer)s, which oversees your office, and your office "
                    "will not see it."
                ) % {"overseer": overseer.name_km if _khmer() else overseer.name_en}
        for name, label in STAFF_LABELS.items():
            if name in fields:
                fields[name].label = label
        fields["description"].error_messages["required"] = _("Write what the citizen reported.")
        labels = dict(Channel.choices)
        fields["channel"] = forms.ChoiceField(
            label=_("How did the report reach the office?"),
            choices=[(value, labels[value]) for value in STAFF_CHANNELS],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose how the report reached the office."),
                "invalid_choice": _("Choose how the report reached the office."),
            },
        )
        fields["commune"] = CommuneChoiceField(
            label=_("Commune the report is about"),
            queryset=communes,
            to_field_name="code",
            initial=communes.first() if office.commune_id is not None else None,
            error_messages={
                "required": _("Choose the commune."),
                "invalid_choice": _("Choose a commune served by your office."),
            },
        )
        # The order of the page: how it came, where, who it is about, then the citizen's form.
        order = ["channel", "commune", "about_office"]
        self.fields = {name: fields[name] for name in order if name in fields} | {
            name: field for name, field in fields.items() if name not in order
        }

    def feedback_input(self, choice: Choice | None = None) -> FeedbackInput:
        commune = self.cleaned_data["commune"]
        base = super().feedback_input(
            Choice(kind=self.kind, commune=commune, office=self.office, category=self.category)
        )
        return dataclasses.replace(base, channel=self.cleaned_data["channel"])

    @property
    def intake_fields(self) -> list[forms.BoundField]:
        return self._bound(["channel", "commune", "about_office"])
