"""What each role's staff home links to (issue 16 point 4): everything the role may use, nothing
it may not. Each link is shown only when the page behind it would answer the user (the same
checks as the pages: ``access.py``, the analytics scope, the report scope), so a link never
leads to a 404."""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.access import AnyUser, poster_offices_for
from ourvoice.accounts.models import Role


@dataclass(frozen=True)
class Link:
    key: str
    url: str
    label: str | Promise
    description: str | Promise = ""


def staff_links(*, user: AnyUser) -> list[Link]:
    """The staff home's links for ``user``, in the order of a working day."""
    from ourvoice.analytics.exports_cases import may_export_cases
    from ourvoice.analytics.report_access import report_scope
    from ourvoice.analytics.scope import scope_of

    role = getattr(user, "role", "")
    links: list[Link] = []
    if role != Role.SYSTEM_ADMIN:
        inbox = _("Your inbox: new, assigned, due soon")
        links.append(Link("inbox", reverse("cases:inbox"), _("Cases"), inbox))
        links.append(Link("notifications", reverse("notifications:list"), _("Notifications")))
    if role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD, Role.OMBUDSMAN):
        links.append(
            Link(
                "intake",
                reverse("cases:intake:new"),
                _("Enter a report"),
                _("Received on paper, by phone or at the counter"),
            )
        )
    if scope_of(user=user) is not None:
        links.append(Link("dashboard", reverse("analytics:dashboard"), _("Oversight dashboard")))
        links.append(Link("comparison", reverse("analytics:comparison"), _("Comparisons")))
        links.append(Link("exports", reverse("analytics_exports:list"), _("Your exports")))
        try:
            report_scope(user=user)
        except Http404:
            pass
        else:
            links.append(Link("reports", reverse("analytics_reports:index"), _("Quarterly reports")))
        if may_export_cases(user=user):
            links.append(Link("case_list", reverse("analytics_exports:cases"), _("Export the list of cases")))
    if poster_offices_for(user=user).exists():
        door = _("For the office door")
        links.append(Link("posters", reverse("staff_posters:index"), _("QR posters"), door))
    if role == Role.SYSTEM_ADMIN:
        links.append(Link("admin", reverse("admin:index"), _("Administration")))
    return links
