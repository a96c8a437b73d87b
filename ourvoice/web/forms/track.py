"""Forms of the tracking pages: the receipt, a reply, a rating."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ourvoice.feedback.receipts import parse_receipt
from ourvoice.messaging.models import MESSAGE_MAX_LENGTH
from ourvoice.web.forms.base import CitizenForm
from ourvoice.web.forms.feedback import SCORES
from ourvoice.web.forms.fields import MultipleFileField


class TrackForm(CitizenForm):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=100,
        help_text=_("20 digits. Khmer or Latin digits; spaces and dashes do not matter."),
        error_messages={"required": _("Type the 20 digits of your receipt code.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_receipt(self) -> str:
        text = self.cleaned_data["receipt"]
        if parse_receipt(text) is None:
            raise ValidationError(_("A receipt code has 20 digits. Check that you typed all of them."))
        return str(text)


class ReplyForm(CitizenForm):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Add photos, a voice note or a PDF"))

    def clean_body(self) -> str:
        return str(self.cleaned_data.get("body", "")).replace("\r\n", "\n")

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's errors beside the fields they name ("body", "attachments")."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


class RatingForm(CitizenForm):
    score = forms.ChoiceField(
        label=_("How satisfied are you with the outcome?"),
        choices=SCORES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a face from 1 to 5.")},
    )
