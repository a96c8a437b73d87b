"""The filters of a dashboard, read from a query string: one parser for pages, exports and the API.

Parameters (all optional; Khmer digits accepted):

- ``province`` (2 digits), ``district`` (4 digits), ``office`` (an office id): the area, the
  narrowest given wins; it must lie inside the user's scope (404 otherwise, like an unknown code);
- ``kind`` (a feedback kind), ``category`` (a category id), ``split`` (gender, age_band,
  disability, channel, service);
- ``start`` and ``end``: months as ``YYYY-MM`` (the last 12 months by default; at most 120).
- comparisons also take ``level`` (P, D or O: the areas compared) and ``indicator`` (a code).

A user without a dashboard gets ``Http404``; a malformed or impossible value raises
``FilterError`` carrying the parameter's name and a translated message (answer 400).
"""

import datetime
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.access import AnyUser
from ourvoice.analytics.indicators import INDICATORS
from ourvoice.analytics.models import Level, Split
from ourvoice.analytics.scope import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    Filters,
    add_months,
    area_from,
    months_between,
    scope_of,
)
from ourvoice.analytics.selectors import CHILD_LEVELS
from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.models import Category, Kind

MESSAGES = {
    "province": _("Give a province code of 2 digits, for example 17."),
    "district": _("Give a district code of 4 digits, for example 1710."),
    "office": _("Give an office by its number."),
    "kind": _("Give a kind: complaint, support, information or evaluation."),
    "category": _("Give a category by its number, one that exists."),
    "split": _("Split by gender, age_band, disability, channel or service, or leave it empty."),
    "start": _("Give the first month as YYYY-MM, for example 2026-01."),
    "end": _("Give the last month as YYYY-MM, on or after the first, at most 120 months later."),
    "level": _("Compare areas one level below the one shown: P (provinces), D (districts) or O (offices)."),
    "indicator": _("Give the code of an indicator, for example reports."),
}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_PATTERNS = {"province": r"\d{2}", "district": r"\d{4}", "office": r"\d{1,9}", "category": r"\d{1,9}"}


class FilterError(ValueError):
    """A parameter that cannot be right: ``field`` names it, ``message`` says what is expected."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field
        self.message = MESSAGES[field]


def _get(query: Mapping[str, Any], name: str) -> str:
    value = query.get(name, "")
    if not isinstance(value, str):
        raise FilterError(name)
    value = to_latin_digits(value.strip())
    if len(value) > 32 or "\x00" in value:
        raise FilterError(name)
    return value


def _code(query: Mapping[str, Any], name: str) -> str:
    value = _get(query, name)
    if value and not re.fullmatch(_PATTERNS[name], value, flags=re.ASCII):
        raise FilterError(name)
    return value


def _month(query: Mapping[str, Any], name: str) -> datetime.date | None:
    value = _get(query, name)
    if not value:
        return None
    match = _MONTH.match(value)
    if not match or not value.isascii():
        raise FilterError(name)
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise FilterError(name)
    return datetime.date(year, month, 1)


def filters_from_query(
    user: AnyUser, query: Mapping[str, Any], *, today: datetime.date | None = None
) -> Filters:
    """The checked ``Filters`` a query string asks for, inside ``user``'s scope.

    Raises ``Http404`` for a user without a dashboard or an area outside the scope (or unknown),
    and ``FilterError`` (``.field``, translated ``.message``) for anything malformed.
    """
    scope = scope_of(user=user)
    if scope is None:
        raise Http404
    where = {name: _code(query, name) for name in ("province", "district", "office")}
    kind = _get(query, "kind")
    if kind and kind not in Kind.values:
        raise FilterError("kind")
    split = _get(query, "split")
    if split not in Split.values:
        raise FilterError("split")
    category_text = _code(query, "category")
    category = int(category_text) if category_text else None
    if category is not None and not Category.objects.filter(pk=category).exists():
        raise FilterError("category")
    start, end = _month(query, "start"), _month(query, "end")
    area = area_from(scope=scope, **where)
    default = Filters.default(area, today=today)
    if start is None and end is None:
        start, end = default.start, default.end
    elif start is None:
        assert end is not None
        start = add_months(end, 1 - DEFAULT_MONTHS)
    elif end is None:
        end = min(max(start, default.end), add_months(start, MAX_MONTHS - 1))
    if end < start or len(months_between(start, end)) > MAX_MONTHS:
        raise FilterError("end")
    filters = Filters(area=area, start=start, end=end, kind=kind, category=category, split=split)
    try:
        return filters.clean()
    except ValueError as error:  # already checked above; kept as the last word of the core
        raise FilterError("end" if str(error) == "period" else str(error)) from error


def comparison_from_query(filters: Filters, query: Mapping[str, Any]) -> tuple[str, str]:
    """The ``(level, indicator)`` of a comparison: by default the first level below, and reports."""
    levels = CHILD_LEVELS[Level(filters.area.level)]
    level = _get(query, "level") or (levels[0] if levels else "")
    if level not in levels:
        raise FilterError("level")
    indicator = _get(query, "indicator") or "reports"
    if indicator not in INDICATORS:
        raise FilterError("indicator")
    return level, indicator


def query_of(filters: Filters, **more: str) -> str:
    """The query string that ``filters_from_query`` reads back as ``filters`` (download links)."""
    params: dict[str, str] = {}
    names = {Level.PROVINCE: "province", Level.DISTRICT: "district", Level.OFFICE: "office"}
    if filters.area.level in names:
        params[names[Level(filters.area.level)]] = filters.area.id
    if filters.kind:
        params["kind"] = filters.kind
    if filters.category is not None:
        params["category"] = str(filters.category)
    if filters.split:
        params["split"] = filters.split
    params.update({"start": f"{filters.start:%Y-%m}", "end": f"{filters.end:%Y-%m}"})
    params.update({name: value for name, value in more.items() if value})
    return urlencode(params)
