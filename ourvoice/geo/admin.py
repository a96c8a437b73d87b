"""Admin for the gazetteer: look-up only, because ``geo_load`` owns the data.

Codes and names come from the NCDD files and a reload would overwrite any edit, so they are read
only and places cannot be added or deleted here; a province's pilot flag is the one setting.
Search uses the same normalised keys as the citizen search, so "siem reab" or a Khmer name typed
with a different subscript still finds the place.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from ourvoice.accounts.admin import admin_site
from ourvoice.geo.models import Commune, District, Province
from ourvoice.geo.search import query_keys

_PLACE_FIELDS = ("code", "name_km", "name_en", "type")


class _GazetteerAdmin(admin.ModelAdmin):
    search_fields = ["code"]  # shows the search box; get_search_results does the rest
    search_help_text = None
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = Q(code__startswith=term)
        for key in query_keys(term):
            matches |= Q(search_text__contains=key)
        return queryset.filter(matches), False


@admin.register(Province, site=admin_site)
class ProvinceAdmin(_GazetteerAdmin):
    list_display = [*_PLACE_FIELDS, "is_pilot"]
    list_filter = ["type", "is_pilot"]
    fields = [*_PLACE_FIELDS, "is_pilot"]
    readonly_fields = _PLACE_FIELDS


@admin.register(District, site=admin_site)
class DistrictAdmin(_GazetteerAdmin):
    list_display = [*_PLACE_FIELDS, "province"]
    list_filter = ["type", "province"]
    list_select_related = ["province"]
    fields = readonly_fields = (*_PLACE_FIELDS, "province")


@admin.register(Commune, site=admin_site)
class CommuneAdmin(_GazetteerAdmin):
    list_display = [*_PLACE_FIELDS, "district"]
    list_filter = ["type", "district__province"]
    list_select_related = ["district"]
    fields = readonly_fields = (*_PLACE_FIELDS, "district")
