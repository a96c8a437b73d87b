"""The citizen's choices on the way to a form, carried in the address (never the receipt).

``/<lang>/submit/<kind>/`` → province → district → commune (``/commune/<code>/``, or a place
search) → office → topic (``/topic/?commune=..&office=..``) → form
(``/form/?commune=..&office=..&category=..``). An office's own link (``/o/<id>/``) enters with the
office chosen and the commune optional. Every step is a GET: nothing changes until the form is
sent. Addresses can be typed or tampered with, so each step re-reads every choice and answers 404
for what does not exist and 400 for what does not fit together, with a sentence for the citizen.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ourvoice.feedback.models import Category
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import offices_serving_commune
from ourvoice.web import selectors

_COMMUNE_CODE = re.compile(r"\d{6}")
_OFFICE_ID = re.compile(r"\d{1,12}")
_CATEGORY_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")


class FlowProblem(Exception):
    """A choice in the address that cannot be used; the page says why and how to go on."""

    def __init__(self, status: int, message: Promise) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Choice:
    kind: str
    commune: Commune | None = None
    office: Office | None = None
    category: Category | None = None

    def params(self, **extra: str) -> dict[str, str]:
        values = {
            "commune": self.commune.code if self.commune else "",
            "office": str(self.office.pk) if self.office else "",
            "category": self.category.code if self.category else "",
            **extra,
        }
        return {key: value for key, value in values.items() if value}

    def url(self, step: str, **extra: str) -> str:
        return step_url(step, self.kind, **self.params(**extra))


def step_url(step: str, kind: str, *args: str, **params: str) -> str:
    url = reverse(f"web:{step}", args=[kind, *args])
    return f"{url}?{urlencode(params)}" if params else url


def commune_from_code(code: str) -> Commune:
    if not _COMMUNE_CODE.fullmatch(code):
        raise FlowProblem(400, _("This address does not name a commune. Please choose the place again."))
    try:
        return selectors.commune_get(code=code)
    except Commune.DoesNotExist:
        raise FlowProblem(404, _("We do not know this commune. Please choose the place again.")) from None


def office_from_id(value: str) -> Office:
    if not _OFFICE_ID.fullmatch(value):
        raise FlowProblem(400, _("This address does not name an office. Please choose the office again."))
    try:
        return selectors.citizen_office_get(office_id=int(value))
    except Office.DoesNotExist:
        raise FlowProblem(404, _("We do not know this office. Please choose the office again.")) from None


def office_serves(office: Office, commune: Commune) -> bool:
    return any(o.pk == office.pk for o in offices_serving_commune(commune_code=commune.code))


def category_from_code(kind: str, code: str) -> Category:
    if not _CATEGORY_CODE.fullmatch(code):
        raise FlowProblem(400, _("This address does not name a topic. Please choose the topic again."))
    category = selectors.category_get(kind=kind, code=code)
    if category is not None:
        return category
    if selectors.category_kind(code=code) is not None:
        raise FlowProblem(
            400, _("This topic belongs to another kind of report. Please choose a topic from the list.")
        )
    raise FlowProblem(404, _("We do not know this topic. Please choose the topic again."))


def resolve(kind: str, query: QueryDict, *, need_category: bool) -> Choice:
    """The commune, office and topic named in the address, checked against each other."""
    commune_code = query.get("commune", "").strip()
    office_id = query.get("office", "").strip()
    commune = commune_from_code(commune_code) if commune_code else None
    if not office_id:
        raise FlowProblem(400, _("Choose the office first."))
    office = office_from_id(office_id)
    if commune is not None and not office_serves(office, commune):
        raise FlowProblem(
            400, _("This office does not serve the chosen commune. Please choose the office again.")
        )
    if commune is None and office.commune_id is not None:
        commune = selectors.commune_get(code=office.commune_id)
    category = None
    if need_category:
        code = query.get("category", "").strip()
        if not code:
            raise FlowProblem(400, _("Choose a topic first."))
        category = category_from_code(kind, code)
    return Choice(kind=kind, commune=commune, office=office, category=category)
