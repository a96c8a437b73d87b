"""Who may enter reports on a citizen's behalf, and for which office (SECURITY.md C1).

Only staff of an office that receives the public - office staff, office heads and ombudsmen -
and only for their *own* office: the office is never taken from the request. Everyone else,
including national oversight, provincial administration and system administrators, gets 404
(deny by default); unverified users never get this far (``staff_required``).
"""

from django.db.models import QuerySet
from django.http import Http404

from ourvoice.accounts.access import AnyUser, offices_visible_to, user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office

INTAKE_ROLES = frozenset({Role.OFFICE_STAFF, Role.OFFICE_HEAD, Role.OMBUDSMAN})


def access_intake_office(*, user: AnyUser) -> Office:
    """The office ``user`` enters reports for (their own), or ``Http404``."""
    if not isinstance(user, User) or not user_is_verified(user) or user.role not in INTAKE_ROLES:
        raise Http404
    if user.office_id is None:
        raise Http404
    office = (
        offices_visible_to(user=user)
        .filter(pk=user.office_id)
        .exclude(type=Office.Type.NATIONAL_OVERSIGHT)
        .first()
    )
    if office is None:
        raise Http404
    return office


def intake_communes(*, office: Office) -> QuerySet[Commune]:
    """The communes a report entered at ``office`` may be about: its own commune for a commune
    office, else the communes of its district, else of its province."""
    communes = Commune.objects.select_related("district").order_by("district__code", "code")
    if office.commune_id is not None:
        return communes.filter(pk=office.commune_id)
    if office.district_id is not None:
        return communes.filter(district_id=office.district_id)
    if office.province_id is not None:
        return communes.filter(district__province_id=office.province_id)
    return communes.none()
