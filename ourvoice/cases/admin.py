"""Administrators edit the deadline rules (cases themselves are handled on the staff pages)."""

from django.contrib import admin

from ourvoice.accounts.admin import admin_site
from ourvoice.cases.models import DeadlineRule


@admin.register(DeadlineRule, site=admin_site)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["step", "kind", "level", "working_days"]
    list_filter = ["step", "kind"]
    list_editable = ["working_days"]
    ordering = ["step", "kind", "level"]
