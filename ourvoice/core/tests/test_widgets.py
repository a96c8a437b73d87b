"""core.widgets.QuickSelect writes exactly the markup of Django's own Select, faster."""

import re

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

from ourvoice.core.widgets import QuickSelect


def _tags(html: str) -> str:
    """Django's template puts line breaks between the options; the markup is otherwise the same."""
    return re.sub(r">\n\s*<", "><", html).strip()


# Keys and labels with what HTML must escape, Khmer, and the empty choice.
text = st.text(alphabet=st.sampled_from(list("ab 0<>&\"'ក្ខុំ")), max_size=8)
choices = st.lists(st.tuples(st.one_of(text, st.integers(-5, 500)), text), max_size=12)


@given(
    choices=choices,
    picked=st.integers(0, 12),
    attrs=st.dictionaries(st.sampled_from(["id", "class", "aria-label"]), text),
)
def test_the_markup_is_djangos_for_any_choices_value_and_attributes(choices, picked, attrs):
    value = str(choices[picked][0]) if picked < len(choices) else None
    django, quick = forms.Select(attrs=attrs, choices=choices), QuickSelect(attrs=attrs, choices=choices)
    assert quick.render("filter<&>", value) == _tags(django.render("filter<&>", value))


def test_lazy_translated_and_safe_labels_render_as_django_renders_them():
    choices = [("", gettext_lazy("All")), ("new", gettext_lazy("New")), ("x", mark_safe("<b>bold</b>"))]
    for language in ("km", "en"):
        with override(language):
            html = QuickSelect(choices=choices).render("status", "new")
            assert html == _tags(forms.Select(choices=choices).render("status", "new"))
    assert "<b>bold</b>" in html and 'value="new" selected' in html
