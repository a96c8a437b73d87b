"""The public services catalogue: what each office type provides, its official fee and deadline.

An official fee or a legal processing time is a fact that citizens and oversight rely on to prove
an overcharge or a delay, so it is entered only with the source it comes from (``clean``), and an
unknown one stays empty ("fee not yet published"), never guessed (README.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ourvoice.core.i18n import in_language
from ourvoice.core.jobs import BackgroundJob
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
    # Search keys (ourvoice/core/search.py, docs KHMER.md), refreshed on every save: names,
    # descriptions, fee notes and documents in both languages. PostgreSQL adds a generated
    # tsvector column and GIN indexes outside the model (migration 0003); SQLite an FTS5 table.
    search_text = models.TextField(default="", blank=True, editable=False, verbose_name=_("search text"))
    search_seg = models.TextField(default="", blank=True, editable=False, verbose_name=_("search words"))

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")

    def __str__(self) -> str:
        return in_language(self.name_km, self.name_en)

    # The search keys are refreshed after every save, whoever saves (admin form, CSV/XLSX import,
    # code), and dropped on delete: receivers in search.py, connected in apps.py.

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
    def office_type_labels(self) -> list[str]:
        """The office types providing the service, in words ("Commune/Sangkat office")."""
        labels = dict(Office.Type.choices)
        return [str(labels[value]) for value in self.office_types if value in labels]

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


QUESTION_MAX_LENGTH = 1000
ANSWER_MAX_LENGTH = 4000


class PublicAnswer(models.Model):
    """A question a citizen asked and the office's answer, de-identified and published by staff.

    Written only by ``services.public_answer_publish`` from an information request: staff rewrite
    the question and the answer (nothing the citizen typed is published unreviewed). ``case`` is
    kept for staff (the case page, the audit event) and is never shown on a public page, which
    carries no address, code or number leading to the case. A withdrawn answer stays for the
    record and is shown nowhere.
    """

    class Language(models.TextChoices):
        KHMER = "km", _("Khmer")
        ENGLISH = "en", _("English")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="public_answers", verbose_name=_("office")
    )
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_answers",
        verbose_name=_("service"),
    )
    # The information topic of the request (feedback.Category), to show it before asking again.
    topic = models.ForeignKey(
        "feedback.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("topic"),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    question = models.TextField(_("question"), validators=[MaxLengthValidator(QUESTION_MAX_LENGTH)])
    answer = models.TextField(_("answer"), validators=[MaxLengthValidator(ANSWER_MAX_LENGTH)])
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("case")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    search_text = models.TextField(default="", blank=True, editable=False, verbose_name=_("search text"))
    search_seg = models.TextField(default="", blank=True, editable=False, verbose_name=_("search words"))

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("public answer")
        verbose_name_plural = _("public answers")
        indexes = [models.Index(fields=["office", "withdrawn_at"])]
        constraints = [
            # At most one live public answer per case: withdraw it to publish another.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_live_answer_per_case",
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class PosterJob(BackgroundJob):
    """The QR posters of many offices (a district, a province, a selection), made in the
    background for one system administrator (``poster_jobs.py``): only they may download the
    PDF; it is deleted with its file after ``POSTER_KEEP_DAYS``. Owner, status, progress, file,
    error and dates come from ``core.jobs.BackgroundJob``, shared with the analytics exports.
    """

    # The offices' ids in the order of the pages (fixed when asked: a selection stays a selection).
    offices = models.JSONField(default=list, verbose_name=_("offices"))
    # What was asked, for the file's name and the page: "district-1710", "province-17", "selected".
    name = models.CharField(max_length=32, verbose_name=_("name"))
    pages = models.PositiveIntegerField(default=0, verbose_name=_("pages"))

    class Meta(BackgroundJob.Meta):
        verbose_name = _("poster job")
        verbose_name_plural = _("poster jobs")
        indexes = [models.Index(fields=["created_at"], name="posterjob_created")]

    def __str__(self) -> str:
        return f"posters {self.pk} ({self.name}, {self.status})"
