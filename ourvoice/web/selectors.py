"""Reads the citizen pages need that the domain apps do not offer (yet).

Each is a thin query on the other apps' models; if another interface needs one, it belongs in
that app's ``selectors.py`` (see README.md, "Asked of the other apps").
"""

from ourvoice.cases.models import Case
from ourvoice.feedback.models import Category
from ourvoice.feedback.selectors import category_list
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import CITIZEN_OFFICE_ORDER


def province_get(*, code: str) -> Province:
    return Province.objects.get(code=code)


def district_get(*, code: str) -> District:
    return District.objects.select_related("province").get(code=code)


def commune_get(*, code: str) -> Commune:
    return Commune.objects.select_related("district__province").get(code=code)


def citizen_office_get(*, office_id: int) -> Office:
    """An office a citizen may address by choice (not national oversight: routing reaches it)."""
    return Office.objects.select_related("province", "district", "commune").get(
        pk=office_id, type__in=CITIZEN_OFFICE_ORDER
    )


def category_get(*, kind: str, code: str) -> Category | None:
    """An active category of ``kind`` with this code, or None."""
    return category_list(kind=kind).filter(code=code).first()


def category_kind(*, code: str) -> str | None:
    """The kind of an active category, to tell "another kind's topic" from "no such topic"."""
    return category_list().filter(code=code).values_list("kind", flat=True).first()


def tracked_case_get(*, case_id: int) -> Case | None:
    """The case a citizen opened with their receipt in this session, with what its page shows."""
    return Case.objects.select_related("feedback__category", "office").filter(pk=case_id).first()


def case_of_locator(*, locator: str) -> Case | None:
    """The case of a receipt the server itself just issued (the receipt page), for news on it."""
    return Case.objects.filter(feedback__locator=locator).first()
