"""What the demo knows about its own data: whether synthetic reports were added, and how far.

One row (``pk=1``) at most. ``demo_synthesize`` adds to ``made``; ``demo_history`` (what
``make run`` fills the demo with) sets ``target`` and ``finished_at``. Its presence is what the
dashboards, the map, the transparency pages and the quarterly PDF show as "synthetic demo data"
(``ourvoice/core/notices.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyntheticHistory(models.Model):
    target = models.PositiveIntegerField(_("synthetic reports wanted"), default=0)
    made = models.PositiveIntegerField(_("synthetic reports made"), default=0)
    months = models.PositiveSmallIntegerField(_("months of history"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    reports_done_at = models.DateTimeField(_("reports made at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("rollups built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("synthetic demo history")
        verbose_name_plural = _("synthetic demo histories")

    def __str__(self) -> str:
        return f"{self.made} / {self.target}"
