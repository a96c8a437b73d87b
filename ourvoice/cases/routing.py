"""Where a new report goes (DOMAIN.md, routing rules: conflict of interest).

- Information and support requests, evaluations and ordinary complaints: the chosen office.
- A complaint about the office or its staff: the office that oversees it, never the office.
- A sensitive complaint: the provincial (capital) ombudsman's focal points; national oversight
  when the provincial ombudsman is itself the subject. The subject office never sees it.
"""

from dataclasses import dataclass

from ourvoice.feedback.models import Category, Kind
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import office_handling_complaint_about


@dataclass(frozen=True)
class Route:
    office: Office
    hidden_from: Office | None


def _national() -> Office:
    return Office.objects.get(type=Office.Type.NATIONAL_OVERSIGHT)


def route_feedback(*, kind: str, category: Category, office: Office) -> Route:
    if kind == Kind.COMPLAINT and category.is_sensitive:
        provincial = Office.objects.filter(
            type=Office.Type.PROVINCIAL_OMBUDSMAN, province_id=office.province_id
        ).first()
        if provincial is None or provincial.pk == office.pk:
            return Route(office=_national(), hidden_from=office)
        return Route(office=provincial, hidden_from=office)
    if kind == Kind.COMPLAINT and category.about_office:
        handler = office_handling_complaint_about(office=office)
        return Route(office=handler, hidden_from=office if handler.pk != office.pk else None)
    return Route(office=office, hidden_from=None)


def next_level(office: Office) -> Office | None:
    """One level up the oversight chain (escalations and appeals); None at the top."""
    return office.oversight
