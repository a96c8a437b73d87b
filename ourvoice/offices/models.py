"""Offices that receive feedback, and the oversight chain between them (DOMAIN.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ourvoice.core.i18n import in_language
from ourvoice.geo.models import Commune, District, Province


class Office(models.Model):
    class Type(models.TextChoices):
        COMMUNE = "commune", _("Commune/Sangkat office")
        OWSO = "owso", _("One Window Service Office")
        OWSU = "owsu", _("One Window Service Unit")
        DISTRICT_OMBUDSMAN = "district_ombudsman", _("District Ombudsman")
        PROVINCIAL_OMBUDSMAN = "provincial_ombudsman", _("Provincial/Capital Ombudsman")
        NATIONAL_OVERSIGHT = "national_oversight", _("National oversight")

    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    name_km = models.CharField(_("Khmer name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    # The area the office serves: a commune office has all three, a district-level office the
    # province and district, a provincial one the province, national oversight none.
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("province")
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("district")
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("commune")
    )
    # Who handles a complaint about this office (DOMAIN.md routing); empty only at the top.
    oversight = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overseen",
        verbose_name=_("oversight"),
    )
    is_pilot = models.BooleanField(_("pilot office"), default=False)
    address_km = models.CharField(_("address (Khmer)"), max_length=500, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telegram = models.CharField(_("Telegram"), max_length=64, blank=True)
    opening_hours_km = models.CharField(_("opening hours (Khmer)"), max_length=255, blank=True)
    opening_hours_en = models.CharField(_("opening hours (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name_plural = _("offices")
        ordering = ["id"]
        verbose_name = _("office")
        # One office of each type per area. Partial unique constraints rather than one constraint
        # with nulls_distinct=False, which SQLite (the default database) ignores (models.W047).
        constraints = [
            models.UniqueConstraint(
                fields=["type", "commune"],
                condition=Q(commune__isnull=False),
                name="office_unique_per_commune",
            ),
            models.UniqueConstraint(
                fields=["type", "district"],
                condition=Q(commune__isnull=True, district__isnull=False),
                name="office_unique_per_district",
            ),
            models.UniqueConstraint(
                fields=["type", "province"],
                condition=Q(district__isnull=True, province__isnull=False),
                name="office_unique_per_province",
            ),
            models.UniqueConstraint(
                fields=["type"],
                condition=Q(type="national_oversight"),
                name="office_one_national_oversight",
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.name_km, self.name_en)
