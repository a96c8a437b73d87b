"""The staff form that publishes an information request as a public answer (the case page).

Prefilled with the citizen's question and the office's last message, phone numbers, e-mail
addresses and Telegram names already replaced by ``[…]``; staff must still read and rewrite
both, remove names and places, and confirm it. ``services.public_answer_publish`` decides.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ourvoice.cases.models import Case
from ourvoice.catalogue.deidentify import strip_contact_details
from ourvoice.catalogue.models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, PublicAnswer
from ourvoice.catalogue.selectors import services_for_office
from ourvoice.messaging.models import Message


def _language_of(text: str) -> str:
    return "km" if any("\u1780" <= char <= "\u17ff" for char in text) else "en"


class PublishAnswerForm(forms.Form):
    question = forms.CharField(
        label=_("Public question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=QUESTION_MAX_LENGTH,
        help_text=_("Write the question as any citizen could ask it."),
    )
    answer = forms.CharField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=ANSWER_MAX_LENGTH,
    )
    language = forms.ChoiceField(
        label=_("Language of the question and answer"), choices=PublicAnswer.Language.choices
    )
    service = forms.TypedChoiceField(
        label=_("Service (optional)"), coerce=int, required=False, empty_value=None
    )
    reviewed = forms.BooleanField(
        label=_(
            "I have removed the names, phone numbers, addresses, places and any other detail that could "
            "identify the person who asked"
        )
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        if not args or args[0] is None:
            kwargs.setdefault("initial", publish_initial(case=case))
        super().__init__(*args, **kwargs)
        khmer = self.initial.get("language") == "km" or _language_of(case.feedback.description) == "km"
        service_field: Any = self.fields["service"]
        service_field.choices = [("", "-")] + [
            (service.pk, service.name_km if khmer else service.name_en)
            for service in services_for_office(office=case.office)
        ]


def publish_initial(*, case: Case) -> dict[str, Any]:
    """The citizen's text and the office's last message, with obvious contact details removed."""
    question = strip_contact_details(case.feedback.description)
    last = case.messages.filter(sender=Message.Sender.OFFICE).order_by("-created_at", "-id").first()
    answer = strip_contact_details(last.body) if last is not None else ""
    return {"question": question, "answer": answer, "language": _language_of(question)}
