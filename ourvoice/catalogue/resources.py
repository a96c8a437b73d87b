"""CSV/XLSX import and export of the catalogue (django-import-export), used by the admin.

Each imported row is validated as the admin form would (``clean_model_instances``: the model's
``full_clean``, so a fee without a source, a negative fee or an unknown office type is refused),
and the import shows every refused row with its number and message before anything is saved.
Rows are matched by ``code``: importing an export back updates the same services.
"""

import re
from typing import Any

from django.db import models
from django.utils.safestring import SafeString, mark_safe
from import_export import fields, resources, widgets
from import_export.resources import Diff

from ourvoice.catalogue.models import EDITABLE_FIELDS, Service


class OfficeTypesWidget(widgets.Widget):
    """Office types as one cell: ``commune`` or ``owso, owsu`` (the model checks each value)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        if value is None:
            return []
        return [part.strip() for part in str(value).replace(";", ",").split(",") if part.strip()]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return ", ".join(value or [])


# diff-match-patch colours the import preview with style="" attributes, which the
# Content-Security-Policy refuses (SECURITY.md F2); import_export/import.css colours ins and del.
_INLINE_STYLE = re.compile(r'<(ins|del) style="background:#[0-9a-f]{6};">')


class DiffWithoutInlineStyles(Diff):
    def as_html(self) -> list[SafeString]:
        return [mark_safe(_INLINE_STYLE.sub(r"<\1>", str(html))) for html in super().as_html()]  # noqa: S308


class ServiceResource(resources.ModelResource):
    office_types = fields.Field(
        attribute="office_types", column_name="office_types", widget=OfficeTypesWidget()
    )
    is_active = fields.Field(
        attribute="is_active", column_name="is_active", widget=widgets.BooleanWidget(), default=True
    )

    @classmethod
    def widget_from_django_field(cls, f: Any, default: Any = widgets.Widget) -> Any:
        """Text fields read an empty cell as "" (the library maps only CharField to CharWidget)."""
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default)

    def get_diff_class(self) -> type[Diff]:
        return DiffWithoutInlineStyles

    class Meta:
        model = Service
        import_id_fields = ("code",)
        fields = EDITABLE_FIELDS
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
