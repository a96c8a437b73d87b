"""Administrators can look at notifications (ids and dates, never times) to answer "why was I not told?"."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.admin import admin_site, date_only
from ourvoice.notifications.models import Notification


@admin.register(Notification, site=admin_site)
class NotificationAdmin(admin.ModelAdmin):
    created_at_date = date_only("created_at", _("created"))
    read_at_date = date_only("read_at", _("read"))
    emailed_at_date = date_only("emailed_at", _("e-mailed"))
    list_display = ["recipient", "kind", "case_id", "created_at_date", "read_at_date", "emailed_at_date"]
    list_filter = ["kind"]
    fields = ("recipient", "kind", "case_id", "key", "created_at_date", "read_at_date", "emailed_at_date")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
