"""Admin for offices: administrators keep contact details, opening hours and pilot flags.

Offices, their names, areas and oversight links are generated from the gazetteer by
``offices_generate`` (which corrects names and oversight on every run), so those are read only
here, and offices are neither added nor deleted by hand.
"""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.admin import admin_site, as_written
from ourvoice.catalogue.admin_posters import poster_link, print_posters
from ourvoice.offices.models import Office

_GENERATED = ("type", "name_km", "name_en", "province", "district", "commune", "oversight")


@admin.register(Office, site=admin_site)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name_km", as_written("name_en", _("English name")), "type", "province", "is_pilot"]
    list_filter = ["type", "province", "is_pilot"]
    list_select_related = ["province"]
    search_fields = ["name_en", "name_km", "commune__code", "district__code"]
    list_per_page = 50
    readonly_fields = (*_GENERATED, "qr_poster")
    actions = [print_posters]  # QR posters (catalogue): "select all" prints a filtered province
    fieldsets = [
        (None, {"fields": [*_GENERATED, "is_pilot", "qr_poster"]}),
        (_("Contact"), {"fields": ["address_km", "address_en", "phone", "email", "telegram"]}),
        (_("Opening hours"), {"fields": ["opening_hours_km", "opening_hours_en"]}),
    ]

    @admin.display(description=_("QR poster"))
    def qr_poster(self, office: Office) -> str:
        return poster_link(office)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
