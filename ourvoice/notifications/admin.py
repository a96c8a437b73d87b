"""Administrators can look at notifications (ids and dates, never times) to answer "why was I not told?"."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.admin import admin_site, date_only
from ourvoice.notifications.models import Notification

_CREATED = date_only("created_at", _("created"))
_READ = date_only("read_at", _("read"))
_EMAILED = date_only("emailed_at", _("e-mailed"))


@admin.register(Notification, site=admin_site)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "case_id", _CREATED, _READ, _EMAILED]
    list_filter = ["kind"]
    fields = ("recipient", "kind", "case_id", "key", _CREATED, _READ, _EMAILED)
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
