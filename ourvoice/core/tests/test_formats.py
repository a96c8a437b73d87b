"""Our km format module (ourvoice/formats/km) is read before Django's, and our catalogue too."""

import datetime

from django.template import Context, Template
from django.test import override_settings
from django.utils import formats, translation
from django.utils.dateformat import format as date_format


def test_our_km_format_module_comes_first():
    modules = [module.__name__ for module in formats.get_format_modules("km")]
    assert modules[0] == "ourvoice.formats.km.formats"


def test_numbers_group_thousands_with_commas_on_khmer_pages():
    """Django's own km module has "." for thousands and "," for decimals; ours follows Cambodia."""
    with translation.override("km"):
        assert formats.get_format("THOUSAND_SEPARATOR") == ","
        assert formats.get_format("DECIMAL_SEPARATOR") == "."
        assert formats.number_format(1234567, force_grouping=True) == "1,234,567"
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"


def test_localize_tag_uses_our_separators():
    """Django's km module would give "1234,5" and, with grouping on, "1.234,5"."""
    source = "{% load l10n %}{% localize on %}{{ value }}{% endlocalize %}"
    with translation.override("km"):
        html = Template(source).render(Context({"value": 1234.5}))
        # USE_THOUSAND_SEPARATOR is off project-wide (years and ids must not read "2,026"):
        # group amounts with |riel or number_format(..., force_grouping=True).
        assert html == "1234.5"
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            assert Template(source).render(Context({"value": 1234567.5})) == "1,234,567.5"


def test_month_names_come_from_our_catalogue():
    """Django's km catalogue misspells March (មិនា); ours has មីនា."""
    with translation.override("km"):
        assert date_format(datetime.date(2026, 3, 5), "j F Y") == "5 មីនា 2026"
        assert formats.date_format(datetime.date(2026, 12, 1)) == "1 ធ្នូ 2026"
        assert date_format(datetime.date(2026, 3, 5), "l") == "ព្រហស្បតិ៍"
    with translation.override("en"):
        assert date_format(datetime.date(2026, 3, 5), "j F Y") == "5 March 2026"


def test_form_errors_are_ours_in_khmer():
    from django import forms

    class Form(forms.Form):
        amount = forms.IntegerField()

    with translation.override("km"):
        assert Form({}).errors["amount"] == ["សូមបំពេញចន្លោះនេះ។"]
        assert Form({"amount": "x"}).errors["amount"] == ["សូមបញ្ចូលចំនួនគត់។"]
