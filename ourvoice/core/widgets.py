"""Form widgets the project needs beyond Django's."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_SELECTED = mark_safe(" selected")


class QuickSelect(forms.Select):
    """A single-choice ``<select>`` written in one pass, with the markup of Django's own.

    Django renders every ``<option>`` through templates of its own (tens of microseconds each):
    the staff inbox's filters (a province's communes, the categories) made that most of the
    page's rendering time over millions of cases (docs/performance.md). No option groups.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), _SELECTED if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )
