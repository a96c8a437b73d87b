"""Administrators can look at notifications (ids and dates only) to answer "why was I not told?"."""

from django.contrib import admin
from django.http import HttpRequest

from ourvoice.accounts.admin import admin_site
from ourvoice.notifications.models import Notification


@admin.register(Notification, site=admin_site)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "case_id", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    fields = ("recipient", "kind", "case_id", "key", "created_at", "read_at", "emailed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
