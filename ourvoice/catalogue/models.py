"""The public services catalogue: what each office type provides, its official fee and deadline.

An official fee or a legal processing time is a fact that citizens and oversight rely on to prove
an overcharge or a delay, so it is entered only with the source it comes from (``clean``), and an
unknown one stays empty ("fee not yet published"), never guessed (README.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ourvoice.offices.models import Office


def validate_office_types(value: object) -> None:
    """A non-empty list of known office types (``Office.Type`` values), each once."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one office type."), code="no_office_type")
    unknown = [str(item) for item in value if item not in Office.Type.values]
    if unknown:
        raise ValidationError(
            _("Unknown office type: %(types)s. Use: %(known)s."),
            code="unknown_office_type",
            params={"types": ", ".join(unknown), "known": ", ".join(Office.Type.values)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("An office type is listed twice."), code="duplicate_office_type")


class Service(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_km = models.CharField(_("Khmer name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    description_km = models.TextField(_("description (Khmer)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Office.Type values, e.g. ["commune"] or ["owso", "owsu"]. A JSON list rather than a table:
    # the types are a fixed enumeration and the catalogue is small (tens of services).
    office_types = models.JSONField(_("office types"), default=list, validators=[validate_office_types])
    # NULL means "not yet published" – never 0, which would say the service is free.
    official_fee_riel = models.PositiveBigIntegerField(_("official fee (riel)"), null=True, blank=True)
    fee_note_km = models.TextField(_("fee note (Khmer)"), blank=True)
    fee_note_en = models.TextField(_("fee note (English)"), blank=True)
    processing_days = models.PositiveSmallIntegerField(
        _("processing time (working days)"), null=True, blank=True
    )
    required_documents_km = models.TextField(
        _("required documents (Khmer)"), blank=True, help_text=_("One document per line.")
    )
    required_documents_en = models.TextField(
        _("required documents (English)"), blank=True, help_text=_("One document per line.")
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the fee and the processing time come from (document, date, page or address)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")

    def __str__(self) -> str:
        return self.name_en

    def clean(self) -> None:
        super().clean()
        has_fact = self.official_fee_riel is not None or self.processing_days is not None
        if has_fact and not self.source.strip():
            raise ValidationError(
                {"source": _("Give the source of the official fee or processing time; never guess one.")}
            )

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def documents_km(self) -> list[str]:
        return self._lines(self.required_documents_km)

    @property
    def documents_en(self) -> list[str]:
        return self._lines(self.required_documents_en)


# What administrators edit, in the admin form and in CSV/XLSX files alike (same columns, same order).
EDITABLE_FIELDS = (
    "code",
    "name_km",
    "name_en",
    "description_km",
    "description_en",
    "office_types",
    "official_fee_riel",
    "fee_note_km",
    "fee_note_en",
    "processing_days",
    "required_documents_km",
    "required_documents_en",
    "legal_basis",
    "source",
    "is_active",
)
