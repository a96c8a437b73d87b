"""Khmer formats: Django's own km module has "." for thousands and "," for decimals and sets no
grouping; Cambodia writes 20,000 and 1.5 (KHMER.md). FORMAT_MODULE_PATH reads this module first.

Grouping is not switched on here: USE_THOUSAND_SEPARATOR is a setting, not a format (Django ignores
it in a format module), and it stays off so that years and ids never read "2,026". Amounts are
grouped where they are shown: the ``riel`` filter, or ``number_format(..., force_grouping=True)``.
Digits are Latin in formats; the ``digits`` filter shows them in Khmer (docs/khmer.md).
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
