"""API keys of the applications that write through Open311 (NGO apps, city dashboards...).

A key is shown once, when it is issued; only a keyed hash of it is stored (``lookup_hash``), so a
stolen database opens nothing. The first characters (``prefix``) are stored in clear to tell keys
apart in the admin and in logs. A revoked key stays, for the record, and opens nothing.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RATE_MAX = 100_000


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("Who uses this key, and for what."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("key hash"))
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        validators=[MinValueValidator(1), MaxValueValidator(RATE_MAX)],
        help_text=_("Requests beyond this many in one minute are answered 429."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
