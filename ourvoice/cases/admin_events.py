"""Administrators review case events (the audit log) read-only (SECURITY.md C3).

Who did what to which case, and on which day: never the event's text (an internal note, a
message, a reason) nor its time of day. System administrators read no case (issue 15).

Registered from ``CasesConfig.ready``; ``cases/admin.py`` belongs to the deadlines module.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.admin import admin_site, date_only
from ourvoice.cases.models import CaseEvent


@admin.register(CaseEvent, site=admin_site)
class CaseEventAdmin(admin.ModelAdmin):
    at_date = date_only("at", _("date"))
    list_display = ("at_date", "type", "case", "actor", "office", "from_status", "to_status", "public")
    fields = readonly_fields = list_display
    list_filter = ["type", "public"]
    list_select_related = ["case__feedback", "actor", "office"]
    search_fields = ["case__feedback__reference", "actor__username"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)
