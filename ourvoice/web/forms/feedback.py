"""The intake form: parses what the citizen typed and shows messages; feedback_submit decides.

Fields are built per topic (its guided questions) and kind (the scorecard of an evaluation).
The services validate again and their ValidationError keys are mapped back onto these fields
(``add_service_errors``), so a rule lives in one place and its message still lands beside the
field it concerns.
"""

import datetime
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ourvoice.catalogue.models import Service
from ourvoice.core.khmer import to_latin_digits
from ourvoice.core.templatetags.khmer import riel
from ourvoice.feedback.answers import TEXT_ANSWER_MAX
from ourvoice.feedback.models import (
    DESCRIPTION_MAX_LENGTH,
    SCORECARD_INDICATORS,
    AgeBand,
    Category,
    Channel,
    Disability,
    Gender,
    Kind,
    Question,
)
from ourvoice.feedback.services import FeedbackInput
from ourvoice.offices.models import Office
from ourvoice.web.flow import Choice
from ourvoice.web.forms.base import CitizenForm
from ourvoice.web.forms.fields import DayMonthYearField, MultipleFileField, RielField

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("I don't know"))]
SCORES = [("1", _("Very poor")), ("2", _("Poor")), ("3", _("Fair")), ("4", _("Good")), ("5", _("Very good"))]
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
_PHONE = re.compile(r"\+?\d{8,15}")
_TELEGRAM = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SERVICE_NOT_LISTED = "other"
ABOUT_YES, ABOUT_NO = "yes", "no"


def _khmer() -> bool:
    return (get_language() or "km").startswith("km")


def _service_label(service: Service) -> str:
    name = service.name_km if _khmer() else service.name_en
    fee = _("fee not yet published") if service.official_fee_riel is None else riel(service.official_fee_riel)
    return f"{name} – {fee}"


def _name(office: Office) -> str:
    return office.name_km if _khmer() else office.name_en


def about_office_field(*, office: Office | None, overseer: Office | None) -> forms.ChoiceField:
    """The routing question (cases/routing.py): is the complaint about the office chosen?"""
    label: StrOrPromise = _("Is this complaint about the office or someone who works there?")
    if office is not None:
        label = _("Is this complaint about %(office)s or someone who works there?") % {
            "office": _name(office)
        }
    help_text = ""
    if office is not None and overseer is not None and overseer.pk != office.pk:
        help_text = _(
            "If it is, your complaint goes to %(overseer)s, which oversees %(office)s, and %(office)s "
            "will not see it."
        ) % {"overseer": _name(overseer), "office": _name(office)}
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=[
            (ABOUT_YES, _("Yes, it is about the office or someone who works there")),
            (ABOUT_NO, _("No, it is about something else")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether this complaint is about the office or someone who works there."),
            "invalid_choice": _("Say whether this complaint is about the office or someone who works there."),
        },
    )


def _question_field(question: Question) -> forms.Field:
    label = question.label_km if _khmer() else question.label_en
    messages = {"required": _("Please answer this question.")}
    common: dict[str, Any] = {"label": label, "required": question.required, "error_messages": messages}
    datatype = question.datatype
    if datatype == Question.Datatype.CHOICE:
        lang = "km" if _khmer() else "en"
        choices = [
            (str(c.get("value")), str(c.get(lang) or c.get("en") or c.get("value"))) for c in question.choices
        ]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if datatype == Question.Datatype.YESNO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if datatype == Question.Datatype.NUMBER:
        widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        return forms.CharField(max_length=30, widget=widget, **common)
    if datatype == Question.Datatype.DATE:
        return DayMonthYearField(**common)
    return forms.CharField(max_length=TEXT_ANSWER_MAX, **common)


def _answer(value: object) -> object:
    """A date answer goes to the service as an ISO string, as every channel sends it."""
    return value.isoformat() if isinstance(value, datetime.date) else value


class FeedbackForm(CitizenForm):
    def __init__(
        self,
        *args: Any,
        kind: str,
        category: Category,
        services: Sequence[Service] = (),
        office: Office | None = None,
        overseer: Office | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.category = category
        # The office's catalogue (fee questions only): a chosen service gives its official fee.
        self.services = {service.code: service for service in services} if category.asks_fee else {}
        fields = self.fields
        if category.asks_about_office:
            fields["about_office"] = about_office_field(office=office, overseer=overseer)
        self.questions = list(category.questions.all())
        for question in self.questions:
            fields[f"q_{question.code}"] = _question_field(question)
        fields["visit_date"] = DayMonthYearField(
            label=_("Date of your visit"),
            required=False,
            help_text=_("If you do not remember the day, leave the date empty."),
        )
        if category.asks_fee:
            if self.services:
                fields["service"] = forms.ChoiceField(
                    label=_("Which service was it?"),
                    required=False,
                    choices=[
                        ("", _("Choose the service")),
                        *[(code, _service_label(service)) for code, service in self.services.items()],
                        (SERVICE_NOT_LISTED, _("Other / not listed")),
                    ],
                    help_text=_("The official fee published for the service is shown beside its name."),
                )
            fields["service_name"] = forms.CharField(
                label=_("If it is not in the list, which service was it?")
                if self.services
                else _("Which service was it?"),
                required=False,
                max_length=200,
            )
            fields["official_fee"] = RielField(
                label=_("Official fee in riel, if you know it"),
                required=False,
                help_text=_("As written on the fee table at the office.")
                if not self.services
                else _(
                    "As written on the fee table at the office. For a service of the list with a "
                    "published fee, that fee is used."
                ),
            )
            fields["amount_paid"] = RielField(
                label=_("Amount you were asked for or paid, in riel"), required=False
            )
            fields["receipt_given"] = forms.ChoiceField(
                label=_("Were you given an official receipt?"),
                choices=YES_NO_UNKNOWN,
                required=False,
                widget=forms.RadioSelect,
            )
        if kind == Kind.EVALUATION:
            for key, label in SCORECARD_INDICATORS.items():
                fields[f"score_{key}"] = forms.ChoiceField(
                    label=label, choices=SCORES, required=False, widget=forms.RadioSelect
                )
        fields["description"] = forms.CharField(
            max_length=DESCRIPTION_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={"required": _("Tell us what happened or what you need.")},
        )
        if category.asks_publication_consent:
            # What the citizen wrote is published only with this consent, given next to a preview of
            # exactly what would be public (feedback/publication.py; never for sensitive reports or
            # evaluations, so not asked there).
            fields["publication_consent"] = forms.BooleanField(
                label=_(
                    "I agree that what I wrote may be published as shown above, without my name, "
                    "receipt or contact details."
                ),
                required=False,
            )
        fields["attachments"] = MultipleFileField(label=_("Photos, a voice note or a PDF"))
        fields["gender"] = forms.ChoiceField(
            label=_("Gender"), choices=Gender.choices, required=False, widget=forms.RadioSelect
        )
        fields["age_band"] = forms.ChoiceField(
            label=_("Age"), choices=AgeBand.choices, required=False, widget=forms.RadioSelect
        )
        fields["disability"] = forms.ChoiceField(
            label=_("Do you have a disability?"),
            choices=Disability.choices,
            required=False,
            widget=forms.RadioSelect,
        )
        fields["contact_consent"] = forms.BooleanField(
            label=_("I agree to be contacted by the office about this report."), required=False
        )
        fields["contact_phone"] = forms.CharField(
            label=_("Phone number"),
            required=False,
            max_length=32,
            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        )
        fields["contact_telegram"] = forms.CharField(
            label=_("Telegram username"),
            required=False,
            max_length=40,
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
            ),
        )
        fields["token"] = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    # --- groups, for the template ---------------------------------------------------------

    def _bound(self, names: list[str]) -> list[forms.BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return self._bound([f"q_{q.code}" for q in self.questions])

    @property
    def fee_fields(self) -> list[forms.BoundField]:
        return self._bound(["service", "service_name", "official_fee", "amount_paid", "receipt_given"])

    @property
    def score_fields(self) -> list[forms.BoundField]:
        return self._bound([f"score_{key}" for key in SCORECARD_INDICATORS])

    @property
    def profile_fields(self) -> list[forms.BoundField]:
        return self._bound(["gender", "age_band", "disability"])

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        return self._bound(["contact_phone", "contact_telegram"])

    # --- parsing ----------------------------------------------------------------------------

    def clean_description(self) -> str:
        return str(self.cleaned_data["description"]).replace("\r\n", "\n")

    def clean_token(self) -> str:
        token = self.cleaned_data.get("token", "")
        return token if _TOKEN.fullmatch(token) else ""

    def clean_contact_phone(self) -> str:
        raw = self.cleaned_data.get("contact_phone", "")
        phone = re.sub(r"[\s\-.()]", "", to_latin_digits(raw))
        if phone and not _PHONE.fullmatch(phone):
            raise ValidationError(_("Enter a phone number in digits, for example 012 345 678."))
        return phone

    def clean_contact_telegram(self) -> str:
        name = self.cleaned_data.get("contact_telegram", "").strip().removeprefix("@")
        if name and not _TELEGRAM.fullmatch(name):
            raise ValidationError(_("Enter a Telegram username such as @sokha_123."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consent = data.get("contact_consent")
        given = data.get("contact_phone") or data.get("contact_telegram")
        if given and not consent:
            self.add_error(
                "contact_consent",
                _("Tick this box if the office may contact you, or leave the phone and Telegram empty."),
            )
        if (
            consent
            and not given
            and "contact_phone" not in self.errors
            and "contact_telegram" not in self.errors
        ):
            self.add_error(
                "contact_phone", _("Give a phone number or a Telegram username, or untick the box.")
            )
        return data

    def feedback_input(self, choice: Choice) -> FeedbackInput:
        data = self.cleaned_data
        assert choice.category is not None
        receipt_given = {"yes": True, "no": False}.get(data.get("receipt_given") or "")
        scores = {key: int(data[f"score_{key}"]) for key in SCORECARD_INDICATORS if data.get(f"score_{key}")}
        answers = {
            q.code: _answer(data.get(f"q_{q.code}")) for q in self.questions if data.get(f"q_{q.code}")
        }
        # A service of the catalogue, with its published fee as the official fee; otherwise what
        # the citizen typed, matched to the catalogue if it clearly names a service (DOMAIN.md,
        # informal payments; feedback/services.py).
        service = self.services.get(data.get("service") or "")
        service_name = "" if service else data.get("service_name") or ""
        official_fee = data.get("official_fee")
        if service is not None and service.official_fee_riel is not None:
            official_fee = service.official_fee_riel
        return FeedbackInput(
            kind=self.kind,
            category=choice.category,
            description=data["description"],
            channel=Channel.WEB,
            commune=choice.commune,
            office=choice.office,
            visit_date=data.get("visit_date"),
            answers=answers,
            service=service,
            service_name=service_name,
            official_fee=official_fee,
            amount_paid=data.get("amount_paid"),
            receipt_given=receipt_given,
            scores=scores,
            gender=data.get("gender") or Gender.NOT_SAID,
            age_band=data.get("age_band") or AgeBand.NOT_SAID,
            disability=data.get("disability") or Disability.NOT_SAID,
            contact_consent=bool(data.get("contact_consent")),
            contact_phone=data.get("contact_phone", ""),
            contact_telegram=data.get("contact_telegram", ""),
            about_office={ABOUT_YES: True, ABOUT_NO: False}.get(data.get("about_office") or ""),
            publication_consent=bool(data.get("publication_consent")),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError beside the fields it names (the rest at the top)."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        first_score = next((f"score_{key}" for key in SCORECARD_INDICATORS), None)
        for key, messages in error.message_dict.items():
            name = f"q_{key.removeprefix('answers.')}" if key.startswith("answers.") else key
            if name == "scores":
                name = first_score or ""
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)
