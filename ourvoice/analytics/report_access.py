"""Who may have which quarterly report: national users any, provincial users their province's.

Deny by default: district and office users, and anyone without a dashboard, get 404 (as for an
area that does not exist), like every protected object (accounts/access.py).
"""

from django.http import Http404

from ourvoice.accounts.access import AnyUser
from ourvoice.analytics.models import Level
from ourvoice.analytics.scope import NATION, Area, area_from, scope_of


def report_scope(*, user: AnyUser) -> Area:
    """The nation or a province; Http404 for everyone else."""
    scope = scope_of(user=user)
    if scope is None or scope.level not in (Level.NATIONAL, Level.PROVINCE):
        raise Http404
    return scope


def report_area(*, user: AnyUser, area: str) -> Area:
    """The area named ``national`` or by a province code, checked against the user's scope."""
    scope = report_scope(user=user)
    if area == "national":
        if scope != NATION:
            raise Http404
        return NATION
    if not area or len(area) > 8:
        raise Http404
    return area_from(scope=scope, province=area)


def report_areas_for(*, user: AnyUser) -> list[Area]:
    from ourvoice.analytics.report import report_areas

    scope = report_scope(user=user)
    return report_areas() if scope == NATION else [scope]
