"""Administrators edit the deadline rules (cases themselves are handled on the staff pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ourvoice.accounts.admin import admin_site
from ourvoice.cases.models import DeadlineRule


@admin.register(DeadlineRule, site=admin_site)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["step", "kind", "level", "working_days"]
    list_filter = ["step", "kind"]
    list_editable = ["working_days"]
    ordering = ["step", "kind", "level"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """The editable cells of the list have no visible label: name each for screen readers."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "working_days":
            field.widget.attrs["aria-label"] = db_field.verbose_name
        return field
