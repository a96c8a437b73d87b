"""Cambodia's administrative units, loaded from the shipped NCDD gazetteer (data/SOURCE.md).

Codes are the gazetteer's own (province 2 digits, district 4, commune 6, village 8) and serve as
primary keys: they are stable, meaningful in every other system, and a child's code begins with
its parent's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ourvoice.core.i18n import khmer_first


class Place(models.Model):
    code = models.CharField(max_length=8, primary_key=True, verbose_name=_("code"))
    name_km = models.CharField(_("Khmer name"), max_length=200)
    name_en = models.CharField(_("Latin name"), max_length=200)
    # Khmer-normalised, Latin-folded names and known alternative spellings, for name search.
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return khmer_first(self.name_km, self.name_en)


class Province(Place):
    class Type(models.TextChoices):
        PROVINCE = "province", _("Province")
        CAPITAL = "capital", _("Capital")

    type = models.CharField(max_length=16, choices=Type.choices, verbose_name=_("type"))
    is_pilot = models.BooleanField(_("pilot province"), default=False)

    class Meta(Place.Meta):
        verbose_name_plural = _("provinces")
        verbose_name = _("province")


class District(Place):
    class Type(models.TextChoices):
        DISTRICT = "district", _("District")
        MUNICIPALITY = "municipality", _("Municipality")
        KHAN = "khan", _("Khan")

    type = models.CharField(max_length=16, choices=Type.choices, verbose_name=_("type"))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    class Meta(Place.Meta):
        verbose_name_plural = _("districts")
        verbose_name = _("district")


class Commune(Place):
    class Type(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        SANGKAT = "sangkat", _("Sangkat")

    type = models.CharField(max_length=16, choices=Type.choices, verbose_name=_("type"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="communes", verbose_name=_("district")
    )

    class Meta(Place.Meta):
        verbose_name_plural = _("communes")
        verbose_name = _("commune")


class Village(Place):
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="villages", verbose_name=_("commune")
    )

    class Meta(Place.Meta):
        verbose_name_plural = _("villages")
        verbose_name = _("village")


class GazetteerLoad(models.Model):
    """The last complete load (one row): a hash of the files and of the code that derives the
    stored search keys, so that loading the same gazetteer again is skipped in milliseconds."""

    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("gazetteer load")
        verbose_name_plural = _("gazetteer loads")

    def __str__(self) -> str:
        return self.fingerprint[:12]
