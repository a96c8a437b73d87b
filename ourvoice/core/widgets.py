"""Form widgets the project needs beyond Django's."""

from html import escape
from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """Escaped as Django's templates would (already-safe text as it is), without their overhead."""
    return str(conditional_escape(value)) if hasattr(value, "__html__") else escape(str(value))


class QuickSelect(forms.Select):
    """A single-choice ``<select>`` written in one pass, with the markup of Django's own.

    Django renders every ``<option>`` through templates of its own (tens of microseconds each),
    and even ``format_html`` per option cost the staff inbox 60 µs an option: the filters (an
    office's communes, the categories) made that most of the page's rendering time over millions
    of cases (docs/performance.md). No option groups. ``core/tests/test_widgets.py`` holds it to
    Django's markup.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for key, label in self.choices:
            selected = str(key) in chosen
            if selected:
                chosen = set()  # a single choice: only the first option of that value, as Django
            options.append(
                f'<option value="{_text(key)}"{" selected" if selected else ""}>{_text(label)}</option>'
            )
        attributes = "".join(  # in the widget's order, as django/forms/widgets/attrs.html writes them
            f" {_text(key)}" if v is True else f' {_text(key)}="{_text(v)}"'
            for key, v in self.build_attrs(self.attrs, attrs).items()
            if v is not False
        )
        return mark_safe(f'<select name="{_text(name)}"{attributes}>{"".join(options)}</select>')  # noqa: S308
