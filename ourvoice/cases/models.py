"""A case is the handling of one report: where it is, its status, and its append-only history.

Status changes only through ``services.case_transition`` and the table in ``workflow.py``;
every change writes a CaseEvent, which is both the citizen's timeline and the audit log.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourvoice.cases.stamp import cases_written
from ourvoice.feedback.models import Feedback, Kind
from ourvoice.offices.models import Office


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    # Staff read the statuses (inbox, case page, admin); citizens read ``citizen_status_label``.
    WAITING = "waiting", _("Waiting for the citizen")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


# Every status but the final ones (workflow.FINAL_STATUSES), listed so that PostgreSQL can prove
# a tab's condition (``status = 'received'``, ``status IN (...)``) implies a partial index's.
OPEN_CASE = Q(
    status__in=[Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED]
)

# The same statuses worded for the citizen reading them (tracking page, SMS, Telegram, API, Open311).
CITIZEN_STATUS_LABELS = {Status.WAITING: _("Waiting for your answer")}


def citizen_status_label(status: str) -> str:
    """The status as the citizen reads it, in the active language ("" for an unknown value)."""
    if status not in Status.values:
        return ""
    return str(CITIZEN_STATUS_LABELS.get(Status(status)) or Status(status).label)


class CaseQuerySet(models.QuerySet["Case"]):
    """Every bulk write of cases bumps the stamps of the inbox's cached tab counts (``stamp.py``)."""

    def update(self, **kwargs: object) -> int:
        offices: list[int | None] = list(self.order_by().values_list("office_id", flat=True).distinct())
        rows = super().update(**kwargs)
        if rows:
            moved_to = kwargs.get("office_id", getattr(kwargs.get("office"), "pk", None))
            cases_written([*offices, moved_to if isinstance(moved_to, int) else None])
        return rows

    def bulk_create(self, objs: Iterable["Case"], *args: Any, **kwargs: Any) -> list["Case"]:
        created = super().bulk_create(objs, *args, **kwargs)
        cases_written(case.office_id for case in created)
        return created

    def bulk_update(self, objs: Iterable["Case"], *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        cases_written(None)  # the offices they were at before are not known here
        return super().bulk_update(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        cases_written(self.order_by().values_list("office_id", flat=True).distinct())
        return super().delete()


class Case(models.Model):
    feedback = models.OneToOneField(
        Feedback, on_delete=models.PROTECT, related_name="case", verbose_name=_("feedback")
    )
    # The office handling the case now (after routing, transfers, escalations and appeals).
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office")
    )
    # The office complained about when it must not see the case (about-office and sensitive
    # complaints): it is excluded from that office's lists, search and counts (SECURITY.md C2).
    hidden_from = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hidden_cases",
        verbose_name=_("hidden from"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("assignee"),
    )
    # 0 at the first office; +1 at each escalation or appeal up the oversight chain.
    level = models.PositiveSmallIntegerField(default=0, verbose_name=_("level"))
    is_sensitive = models.BooleanField(default=False, verbose_name=_("sensitive"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated"))
    # Deadlines at the current office, in Cambodian working days from the day the case reached it
    # (``deadlines.py``). Empty when no DeadlineRule applies. The acknowledgement deadline counts
    # only while the case is ``received``.
    acknowledge_due = models.DateField(_("acknowledge by"), null=True, blank=True)
    resolve_due = models.DateField(_("resolve by"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        constraints = [
            # Whatever moves a case (routing, transfer, escalation, appeal, a data fix), it never
            # lands at the office it is hidden from (SECURITY.md C2). NULL passes the check.
            models.CheckConstraint(
                condition=~Q(office=models.F("hidden_from")), name="case_never_at_hidden_office"
            )
        ]
        indexes = [
            # Lists are newest first: over millions of cases these let PostgreSQL walk the cases in
            # that order and stop after a page, instead of sorting every visible case.
            models.Index(fields=["created_at", "id"], name="case_newest_idx"),
            models.Index(fields=["office", "created_at", "id"], name="case_office_newest_idx"),
            models.Index(fields=["office", "status", "created_at"]),
            models.Index(fields=["status", "acknowledge_due"]),
            models.Index(fields=["status", "resolve_due"]),
            # The open cases (3 % of them over years): the tabs new, waiting, due soon and overdue
            # read these instead of walking every closed case (an ombudsman's overdue: 70 → 25 ms
            # over 10 million cases, docs/performance.md).
            models.Index(fields=["created_at", "id"], name="case_open_newest", condition=OPEN_CASE),
            models.Index(
                fields=["office", "created_at", "id"], name="case_open_office_newest", condition=OPEN_CASE
            ),
        ]

    # The office the case was at when read: a transfer leaves it (its counts change too).
    _office_when_read: int | None = None

    def __str__(self) -> str:
        return f"{_('Case')} {self.feedback.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        cases_written([self.office_id, self._office_when_read])
        self._office_when_read = self.office_id

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        cases_written([self.office_id, self._office_when_read])
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> "Case":
        case = super().from_db(db, field_names, values)
        case._office_when_read = case.__dict__.get("office_id")
        return case

    def citizen_status_display(self) -> str:
        return citizen_status_label(self.status)


class CaseEvent(models.Model):
    """Append-only history of a case: never updated or deleted (SECURITY.md C3)."""

    class Type(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ROUTED = "routed", _("Sent to the office")
        STATUS = "status", _("Status changed")
        MESSAGE_FROM_OFFICE = "message_office", _("Message from the office")
        MESSAGE_FROM_CITIZEN = "message_citizen", _("Message from the citizen")
        INFORMATION_ADDED = "information_added", _("Information added")
        TRANSFERRED = "transferred", _("Transferred")
        ESCALATED = "escalated", _("Escalated")
        APPEALED = "appealed", _("Appealed")
        RATED = "rated", _("Rated")
        NOTE = "note", _("Internal note")
        READ = "read", _("Read by staff")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    type = models.CharField(max_length=24, choices=Type.choices, verbose_name=_("type"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    from_status = models.CharField(
        max_length=16, choices=Status.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=16, choices=Status.choices, blank=True, verbose_name=_("to status")
    )
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    # Shown to the citizen when public (e.g. a rejection or transfer reason).
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    public = models.BooleanField(default=True, verbose_name=_("shown to the citizen"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.type} on case {self.case_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Case events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError("Case events are append-only.")


class Rating(models.Model):
    """The citizen's rating (1-5) of a closed case at one office; 1-2 opens an appeal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("case"))
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    level = models.PositiveSmallIntegerField(verbose_name=_("level"))
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], verbose_name=_("score")
    )
    rated_at = models.DateTimeField(default=timezone.now, verbose_name=_("rated"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.UniqueConstraint(fields=["case", "level"], name="one_rating_per_level")]

    def __str__(self) -> str:
        return f"{self.score}/5 for case {self.case_id}"


class DeadlineRule(models.Model):
    """How many working days an office has for one step of a case: data, edited by administrators.

    The most specific rule wins: kind and level both given, then kind only, then level only,
    then neither. No matching rule means no deadline for that step (evaluations, as seeded).
    """

    class Step(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Acknowledge")
        RESOLVE = "resolve", _("Resolve")

    # Blank: any kind (the kinds are those of ourvoice.feedback.models.Kind).
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    # Empty: any level; 0 is the first office, 1 one level up the oversight chain, and so on.
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    working_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        ordering = ["step", "kind", "level"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        # Partial constraints, because a plain unique constraint lets NULL levels repeat.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "step"],
                condition=Q(level__isnull=False),
                name="deadline_rule_unique_with_level",
            ),
            models.UniqueConstraint(
                fields=["kind", "step"],
                condition=Q(level__isnull=True),
                name="deadline_rule_unique_any_level",
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display() if self.kind else _("any kind")
        level = self.level if self.level is not None else _("any level")
        return f"{self.get_step_display()}: {kind}, {level}: {self.working_days}"
