"""Reads: who is told about a case, and a user's unread notifications."""

from django.db.models import Q, QuerySet

from ourvoice.accounts.models import Role, User
from ourvoice.cases.models import Case
from ourvoice.notifications.models import Notification
from ourvoice.offices.models import Office

# The roles that work on an office's cases (provincial administration only watches figures).
HANDLING_ROLES = (Role.OFFICE_STAFF, Role.OFFICE_HEAD, Role.OMBUDSMAN, Role.NATIONAL_OVERSIGHT)


def notification_recipients(*, case: Case, office: Office) -> QuerySet[User]:
    """The active staff to tell that ``case`` is at ``office``.

    Everybody handling cases at that office; for a sensitive case only its focal points, plus
    national oversight. Never anybody at the office the case is hidden from (SECURITY.md C2).
    """
    users = User.objects.filter(is_active=True, role__in=HANDLING_ROLES)
    if case.is_sensitive:
        users = users.filter(
            Q(office=office, is_focal_point=True)
            | Q(role=Role.NATIONAL_OVERSIGHT, office__type=Office.Type.NATIONAL_OVERSIGHT)
        )
    else:
        users = users.filter(office=office)
    if case.hidden_from_id is not None:
        users = users.exclude(office_id=case.hidden_from_id)
    return users.order_by("pk")


def unread_notifications(*, user: User) -> QuerySet[Notification]:
    """The user's unread notifications, newest first (the inbox shows their count)."""
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if user.office_id is not None:
        # Defence in depth: even a wrongly created notification never reaches the hidden office.
        notifications = notifications.exclude(case__hidden_from_id=user.office_id)
    return notifications


def unread_notification_count(*, user: User) -> int:
    return unread_notifications(user=user).count()
