"""Where a new report goes (DOMAIN.md, routing rules: conflict of interest).

- Information and support requests, evaluations and ordinary complaints: the chosen office.
- A complaint about the office or someone who works there - by its topic's nature
  (``Category.always_about_office``: unofficial fees, bribery, staff conduct, discrimination)
  or because the citizen said so (``about_office``, asked for every other complaint topic) -
  goes to the office that oversees it, and is hidden from the office complained about.
- A sensitive complaint: the provincial (capital) ombudsman's focal points; national oversight
  when the provincial ombudsman is itself the subject. The subject office never sees it.
- National oversight has nothing above it: a complaint about it stays with it, visible to its
  accounts (the civil-society partner included), with an internal note saying so (README.md).
"""

from dataclasses import dataclass

from ourvoice.feedback.models import Category, Kind
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import office_handling_complaint_about


@dataclass(frozen=True)
class Route:
    office: Office
    hidden_from: Office | None
    # The complaint is about the office handling it, because nothing oversees that office.
    unoverseen: bool = False


def _national() -> Office:
    return Office.objects.get(type=Office.Type.NATIONAL_OVERSIGHT)


def _away_from(accused: Office, handler: Office) -> Route:
    if handler.pk == accused.pk:
        return Route(office=handler, hidden_from=None, unoverseen=True)
    return Route(office=handler, hidden_from=accused)


def is_about_office(*, kind: str, category: Category, about_office: bool | None) -> bool:
    """Whether a report accuses the office it names (its topic's nature, or the citizen's answer)."""
    return kind == Kind.COMPLAINT and (category.always_about_office or about_office is True)


def route_feedback(
    *, kind: str, category: Category, office: Office, about_office: bool | None = None
) -> Route:
    if kind == Kind.COMPLAINT and category.is_sensitive:
        provincial = Office.objects.filter(
            type=Office.Type.PROVINCIAL_OMBUDSMAN, province_id=office.province_id
        ).first()
        if provincial is None or provincial.pk == office.pk:
            return _away_from(office, _national())
        return Route(office=provincial, hidden_from=office)
    if is_about_office(kind=kind, category=category, about_office=about_office):
        return _away_from(office, office_handling_complaint_about(office=office))
    return Route(office=office, hidden_from=None)


def next_level(office: Office, *, hidden_from_id: int | None = None) -> Office | None:
    """One level up the oversight chain (escalations and appeals); None at the top.

    The office a case is hidden from is skipped: a case about a District Ombudsman that its
    Provincial Ombudsman sent down to a commune office goes back up to the Provincial Ombudsman,
    never through the District Ombudsman it accuses (SECURITY.md C2).
    """
    target = office.oversight
    if target is not None and target.pk == hidden_from_id:
        target = office_handling_complaint_about(office=target)
        if target.pk in (hidden_from_id, office.pk):
            return None
    return target
