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

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
        """The editable cells of the list have no visible label: name each for screen readers."""
        form = super().get_changelist_form(request, **kwargs)
        form.base_fields["working_days"].widget.attrs["aria-label"] = DeadlineRule._meta.get_field(
            "working_days"
        ).verbose_name
        return form
