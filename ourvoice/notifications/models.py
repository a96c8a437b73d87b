"""Notifications to staff: that something reached their office, never what (SECURITY.md A7).

A notification names a case by id only: no text, category, office complained about or citizen
data. The e-mail that batches them carries counts and a link to the inbox.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourvoice.cases.models import Case


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_CASE = "new_case", _("New case")
        ESCALATED = "escalated", _("Case escalated to your office")
        CITIZEN_REPLIED = "citizen_replied", _("The citizen replied")
        OVERDUE = "overdue", _("Case overdue")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    # What caused it ("event:<id>", "overdue:<case>:<due date>"): one notification per recipient
    # and cause, so a task that runs twice creates nothing new.
    key = models.CharField(max_length=64, verbose_name=_("key"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("e-mailed"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_cause")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "recipient"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}"
