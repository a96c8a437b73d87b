"""What citizens give: feedback of four kinds, its categories and guided questions, attachments.

A citizen has no account. A report is found again only with its receipt: the first 8 digits
(``locator``) are stored in clear to find the row, the last 12 (the secret) only as a peppered
Argon2id hash (SECURITY.md B1-B2). Neither is ever shown to staff: they see ``reference``.
No client address, user agent or other technical field of the submitting device is stored
anywhere (A1).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourvoice.core.i18n import in_language
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office

DESCRIPTION_MAX_LENGTH = 4000


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUPPORT = "support", _("Request for support")
    INFORMATION = "information", _("Request for information")
    EVALUATION = "evaluation", _("Evaluation of a service")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("Mobile app (API)")
    TELEGRAM = "telegram", _("Telegram")
    SMS = "sms", _("SMS")
    PAPER = "paper", _("Paper form")
    MAILBOX = "mailbox", _("Office mailbox")
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Public meeting")
    COUNTER = "counter", _("At the counter")


class Gender(models.TextChoices):
    NOT_SAID = "not_said", _("Prefer not to say")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    NOT_SAID = "not_said", _("Prefer not to say")
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_24", _("18-24")
    FROM_25 = "25_34", _("25-34")
    FROM_35 = "35_49", _("35-49")
    FROM_50 = "50_64", _("50-64")
    FROM_65 = "65_plus", _("65 or older")


class Disability(models.TextChoices):
    NOT_SAID = "not_said", _("Prefer not to say")
    YES = "yes", _("Yes")
    NO = "no", _("No")


# The evaluation scorecard (DOMAIN.md): each indicator is scored 1 (very bad) to 5 (very good).
SCORECARD_INDICATORS = {
    "courtesy": _("Courtesy of staff"),
    "timeliness": _("Timeliness"),
    "clarity": _("Clarity of information"),
    "fee_transparency": _("Fee transparency"),
    "facilities": _("Facilities"),
    "overall": _("Overall"),
}


class Category(models.Model):
    """What a report is about, per kind; administrators configure these in the admin."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_km = models.CharField(_("Khmer name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    help_km = models.CharField(_("Khmer help text"), max_length=500, blank=True)
    help_en = models.CharField(_("English help text"), max_length=500, blank=True)
    # Fee questions: which service, official fee, amount asked or paid, official receipt given.
    asks_fee = models.BooleanField(_("asks about fees"), default=False)
    # Routing by who is complained about (DOMAIN.md, conflict of interest; cases/routing.py).
    # True: a complaint of this topic is by its nature about the office or someone working there
    # (unofficial fees, bribery, staff conduct, discrimination) and always goes to the office that
    # oversees it. False: the citizen is asked whether it is about the office. Neither setting can
    # send a complaint about an office to that office; sensitive and about-people complaints must
    # be True (``clean`` and the database check below).
    about_office = models.BooleanField(
        _("always about the office or its staff"),
        default=False,
        help_text=_(
            "Ticked: every complaint of this topic goes to the office that oversees the office "
            "chosen, and is hidden from that office. Not ticked: the citizen is asked whether the "
            "complaint is about the office or someone who works there, and a “yes” is routed the "
            "same way. Required for sensitive topics and topics about people."
        ),
    )
    # Harassment, gender-based violence, bribery naming a person: the survivor-centred track.
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    # Complaints about people (staff conduct, discrimination, harassment, bribery of a named
    # person): their description is published (Open311) only if the citizen agreed to it.
    about_people = models.BooleanField(_("about people"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Open311 discovery's changeset: clients refresh their copy of the services when it moves.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            # A complaint topic that is sensitive or about people is always about the office: no
            # setting may let such a complaint reach the office it accuses (SECURITY.md C2).
            models.CheckConstraint(
                condition=~models.Q(kind="complaint")
                | models.Q(about_office=True)
                | models.Q(is_sensitive=False, about_people=False),
                name="category_accusing_complaints_about_office",
                violation_error_message=_(
                    "A sensitive complaint topic, or one about people, is always about the office: "
                    "tick “always about the office or its staff”."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {in_language(self.name_km, self.name_en)}"

    def clean(self) -> None:
        super().clean()
        if self.about_office and self.kind != Kind.COMPLAINT:
            raise ValidationError(
                {"about_office": _("Only complaints are routed by who they are about: untick this.")}
            )
        if self.kind == Kind.COMPLAINT and (self.is_sensitive or self.about_people) and not self.about_office:
            raise ValidationError(
                {
                    "about_office": _(
                        "A sensitive complaint topic, or one about people, is always about the office: "
                        "tick “always about the office or its staff”."
                    )
                }
            )

    @property
    def always_about_office(self) -> bool:
        """A complaint of this topic is about the office chosen, whatever the citizen says."""
        return self.kind == Kind.COMPLAINT and (self.about_office or self.is_sensitive)

    @property
    def asks_about_office(self) -> bool:
        """A complaint of this topic asks the citizen whether it is about the office chosen."""
        return self.kind == Kind.COMPLAINT and not self.always_about_office

    @property
    def asks_publication_consent(self) -> bool:
        """Whether the citizen may agree to publish what they wrote (``feedback/publication.py``):
        never for evaluations (single ratings stay with the statistics) nor sensitive topics."""
        return self.kind != Kind.EVALUATION and not self.is_sensitive


class Question(models.Model):
    """A guided question of a category (DOMAIN.md: structured intake)."""

    class Datatype(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("One of a list")
        YESNO = "yesno", _("Yes or no")

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="questions", verbose_name=_("category")
    )
    code = models.SlugField(_("code"), max_length=64)
    label_km = models.CharField(_("Khmer question"), max_length=300)
    label_en = models.CharField(_("English question"), max_length=300)
    datatype = models.CharField(_("answer type"), max_length=16, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # For CHOICE: [{"value": "...", "km": "...", "en": "..."}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return in_language(self.label_km, self.label_en)


class Feedback(models.Model):
    """One report, as the citizen (or staff on the citizen's behalf) gave it. Never edited."""

    locator = models.CharField(max_length=8, unique=True, editable=False, verbose_name=_("locator"))
    # The public identifier (Open311 ``service_request_id``): random, unrelated to the receipt,
    # so publishing it gives nothing to guess or to lock (SECURITY.md B3). NULL only for rows
    # older than migration 0004, which fills them.
    public_id = models.CharField(  # noqa: DJ001
        max_length=12, unique=True, null=True, editable=False, verbose_name=_("public identifier")
    )
    # The reference staff, notifications, the admin and file names use ("KM7Q-4XPA"): random and
    # unrelated to any digit of the receipt, so seeing it narrows no receipt and lets no one
    # target a case's throttle (SECURITY.md B1, B3). Migration 0008 gave older reports one.
    reference = models.CharField(_("reference"), max_length=9, unique=True, editable=False)
    secret_hash = models.CharField(max_length=200, editable=False, verbose_name=_("receipt hash"))
    # HMAC of the client's idempotency key: a retried submission finds its first report (G2).
    # NULL, not "", when absent: many reports have no key and unique must allow that.
    idempotency_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False, verbose_name=_("idempotency key hash")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # The office the feedback is addressed to or about (chosen by the citizen).
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="feedback_about", verbose_name=_("office")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    description = models.TextField(_("description"), validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)])
    visit_date = models.DateField(_("date of the visit"), null=True, blank=True)
    answers = models.JSONField(_("answers to guided questions"), default=dict, blank=True)
    # Fee questions (informal payments); overcharge = amount paid above the official fee.
    # The service, always from the catalogue (chosen, or typed and matched: catalogue/selectors.py
    # ``service_matching``); ``service_name`` holds only the text of "another service".
    service = models.ForeignKey(
        "catalogue.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_name = models.CharField(_("another service"), max_length=200, blank=True)
    official_fee = models.PositiveBigIntegerField(_("official fee (riel)"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("amount asked or paid (riel)"), null=True, blank=True)
    receipt_given = models.BooleanField(_("official receipt given"), null=True, blank=True)
    overcharge = models.PositiveBigIntegerField(_("overcharge (riel)"), null=True, blank=True)
    scores = models.JSONField(_("scorecard"), default=dict, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.NOT_SAID)
    age_band = models.CharField(_("age"), max_length=16, choices=AgeBand.choices, default=AgeBand.NOT_SAID)
    disability = models.CharField(
        _("disability"), max_length=16, choices=Disability.choices, default=Disability.NOT_SAID
    )
    contact_consent = models.BooleanField(_("agrees to be contacted"), default=False)
    # The citizen's answer to "is this complaint about this office or someone who works there?"
    # (asked for complaint topics that are not always about the office; ``Category``). NULL:
    # the question was not asked (other kinds, topics always about the office, older reports).
    # Staff see it, so that they know why a case reached the office overseeing the one chosen.
    about_office = models.BooleanField(_("about the office or its staff"), null=True, blank=True)
    # The citizen agreed, next to a preview of what would be public, that what they wrote may be
    # published (feedback/publication.py). Default off: without it the words are never published.
    publication_consent = models.BooleanField(_("agrees to publication"), default=False)
    # AES-GCM ciphertext of {"phone": ..., "telegram": ...}; empty when no consent (C4).
    contact_ciphertext = models.BinaryField(
        null=True, blank=True, editable=False, verbose_name=_("contact details (encrypted)")
    )
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    # Search keys (ourvoice/cases/search.py, docs KHMER.md): normalised text for substring matches
    # and the same text segmented into words. PostgreSQL adds a generated tsvector column and
    # GIN indexes outside the model (migration 0003); SQLite keeps an FTS5 table.
    search_text = models.TextField(default="", blank=True, editable=False, verbose_name=_("search text"))
    search_seg = models.TextField(default="", blank=True, editable=False, verbose_name=_("search words"))
    # Retention (SECURITY.md C5, ``retention.py``): when the citizen withdrew their contact details
    # with the receipt, and when the report's content (text, files, contact, messages) was removed
    # after the retention period. Pages say so instead of showing empty text.
    contact_withdrawn_at = models.DateTimeField(
        _("contact details withdrawn"), null=True, blank=True, editable=False
    )
    purged_at = models.DateTimeField(_("content removed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["office", "submitted_at"]),
            # The analytics partitions (a province's reports of one month: analytics/partition.py).
            models.Index(fields=["province", "submitted_at"], name="feedback_province_month"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.kind})"


class Attachment(models.Model):
    """A cleaned file (photo, voice note, PDF), stored encrypted under a random name (D1-D4)."""

    class FileKind(models.TextChoices):
        IMAGE = "image", _("Photo")
        AUDIO = "audio", _("Voice note")
        PDF = "pdf", _("PDF document")

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("feedback")
    )
    message = models.ForeignKey(
        "messaging.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file_kind = models.CharField(max_length=8, choices=FileKind.choices, verbose_name=_("file kind"))
    content_type = models.CharField(max_length=64, verbose_name=_("content type"))
    extension = models.CharField(max_length=8, verbose_name=_("extension"))
    stored_name = models.CharField(max_length=100, unique=True, verbose_name=_("stored name"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file_kind} {self.stored_name}"


class DuplicateLink(models.Model):
    """Staff found that a report repeats an earlier one: the duplicate points to its original."""

    duplicate = models.OneToOneField(
        Feedback, on_delete=models.CASCADE, related_name="duplicate_of", verbose_name=_("duplicate")
    )
    original = models.ForeignKey(
        Feedback, on_delete=models.PROTECT, related_name="duplicates", verbose_name=_("original")
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(default=timezone.now, verbose_name=_("marked"))

    class Meta:
        verbose_name = _("duplicate link")
        verbose_name_plural = _("duplicate links")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(duplicate=models.F("original")), name="duplicate_not_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_id} duplicates {self.original_id}"
