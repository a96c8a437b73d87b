"""Anonymous two-way messages between a citizen (known only by the receipt) and the office."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourvoice.cases.models import Case

MESSAGE_MAX_LENGTH = 4000


class Message(models.Model):
    class Sender(models.TextChoices):
        CITIZEN = "citizen", _("You")
        OFFICE = "office", _("The office")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages", verbose_name=_("case"))
    sender = models.CharField(max_length=8, choices=Sender.choices, verbose_name=_("sender"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)], verbose_name=_("body"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.sender} message on case {self.case_id}"


class ResponseTemplate(models.Model):
    """A reusable answer staff insert into a message; ``office`` empty means every office."""

    name = models.CharField(_("name"), max_length=120)
    body_km = models.TextField(_("Khmer text"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    body_en = models.TextField(
        _("English text"), blank=True, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    office = models.ForeignKey(
        "offices.Office",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        verbose_name=_("office"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self) -> str:
        return self.name
