"""Rollups of reports and cases that dashboards read instead of the raw tables (README.md).

A ``Fact`` row sums the measures of the reports submitted in one local month, at one level
(national, province, district or office), for one kind and category, within one *split*: the
respondent's gender, age band or disability, the channel, the service of a fee report, or no
split (``""``). Every report counts once in each split. Rows are written only by
``services.py``, a province-month at a time (the *partition*), so they can always be rebuilt.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ourvoice.core.jobs import BackgroundJob

# Buckets of the distributions kept for medians (upper bounds, inclusive; the last is open).
ACK_DAY_BOUNDS = (0, 1, 2, 3, 4, 5, 10, 20, 40)  # working days to acknowledge
RESOLVE_DAY_BOUNDS = (1, 3, 5, 10, 15, 20, 30, 45, 60, 90)  # working days to resolve
OVERCHARGE_BOUNDS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000)  # riel
SCORE_CODES = ("courtesy", "timeliness", "clarity", "fee_transparency", "facilities", "overall")


def _histogram(prefix: str, bounds: tuple[int, ...]) -> list[str]:
    return [f"{prefix}_{i}" for i in range(len(bounds) + 1)]


ACK_HIST = _histogram("ack_h", ACK_DAY_BOUNDS)
RESOLVE_HIST = _histogram("resolve_h", RESOLVE_DAY_BOUNDS)
OVERCHARGE_HIST = _histogram("overcharge_h", OVERCHARGE_BOUNDS)
SCORE_MEASURES = [f"score_{code}_{part}" for code in SCORE_CODES for part in ("n", "sum", "sumsq")]
COUNT_MEASURES = [
    "reports",
    "acknowledged",  # left "received" (acknowledged, or work began at once)
    "ack_decided",  # acknowledged, or past the acknowledgement deadline without it
    "ack_on_time",
    "resolved",  # reached resolved, closed or rejected
    "resolve_decided",
    "resolve_on_time",
    "open_now",
    "overdue_now",
    "escalated",  # missed a deadline and went one level up
    "appealed",
    "rating_n",
    "rating_sum",
    "rating_sumsq",
    "fee_reports",  # reports giving both the official fee and the amount asked or paid
    "overcharged",  # of which the amount was above the official fee
]
MEASURES = COUNT_MEASURES + SCORE_MEASURES + ACK_HIST + RESOLVE_HIST + OVERCHARGE_HIST


class Level(models.TextChoices):
    NATIONAL = "N", _("Cambodia")
    PROVINCE = "P", _("Province")
    DISTRICT = "D", _("District")
    OFFICE = "O", _("Office")


class Split(models.TextChoices):
    NONE = "", _("No split")
    GENDER = "gender", _("Gender")
    AGE_BAND = "age_band", _("Age band")
    DISABILITY = "disability", _("Disability")
    CHANNEL = "channel", _("Channel")
    SERVICE = "service", _("Service")


# The service split's value for "another service" (a report whose service is not in the catalogue):
# never its typed text, which would split one service many ways and could identify a reporter.
# Catalogue services are grouped by their code (not a slug: it cannot collide with one).
OTHER_SERVICE = "*other"


class Fact(models.Model):
    level = models.CharField(_("level"), max_length=1, choices=Level.choices)
    # "" for the nation; else the code of the province or district, or the office's id.
    area = models.CharField(_("area"), max_length=12, blank=True)
    # The province of the partition the row was computed in (None for national rows).
    province_code = models.CharField(_("province code"), max_length=8, null=True)  # noqa: DJ001 (None: not in a partition)
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=16)
    category_id = models.PositiveIntegerField(_("category"))
    split = models.CharField(_("split"), max_length=12, choices=Split.choices, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    # The measures are named by their code (a rollup table no page shows column by column).
    locals().update(
        {
            name: models.PositiveIntegerField(format_lazy("{}: {}", _("measure"), name), default=0)
            for name in MEASURES
        }
    )

    class Meta:
        verbose_name = _("rollup row")
        verbose_name_plural = _("rollup rows")
        indexes = [
            models.Index(fields=["level", "area", "split", "month"], name="fact_lookup"),
            models.Index(fields=["province_code", "month"], name="fact_partition"),
            # Comparisons and the map: every area of a level (selectors.children).
            models.Index(fields=["level", "split", "month"], name="fact_children"),
        ]

    def __str__(self) -> str:
        return f"{self.level}{self.area} {self.month:%Y-%m} {self.category_id} {self.split}={self.value}"


class RefreshState(models.Model):
    """One row: the last case event whose partition the rollups already include."""

    event_watermark = models.BigIntegerField(default=0, verbose_name=_("events up to"))
    refreshed_at = models.DateTimeField(null=True, verbose_name=_("refreshed"))

    class Meta:
        verbose_name = _("rollup refresh state")
        verbose_name_plural = _("rollup refresh states")

    def __str__(self) -> str:
        return f"events up to {self.event_watermark}"


class ExportJob(BackgroundJob):
    """A file made in the background for one staff member (the de-identified case list).

    Only its owner may download it; it is deleted with its file after ``EXPORT_KEEP_DAYS``.
    ``params`` holds the query string that asked for it (the filters, re-checked when it runs).
    Owner, status, progress, file (encrypted in the default storage), error and dates come from
    ``core.jobs.BackgroundJob``, shared with the catalogue's QR posters.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX (Excel)"

    what = models.CharField(max_length=16, default="cases", verbose_name=_("contents"))
    format = models.CharField(max_length=4, choices=Format.choices, verbose_name=_("format"))
    language = models.CharField(max_length=8, verbose_name=_("language"))
    params = models.JSONField(default=dict, verbose_name=_("filters"))
    rows = models.PositiveIntegerField(default=0, verbose_name=_("rows"))

    class Meta(BackgroundJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["created_at"], name="exportjob_created")]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.what}, {self.status})"
