"""Who may see what: the one way views load protected objects (README.md, SECURITY.md C1).

Every rule here denies by default. A user who is anonymous, inactive, not verified by a second
factor, has no role, or whose role lacks the office or province it needs, sees nothing. What a
user may not see answers 404, exactly like what does not exist, so that ids reveal nothing.

``offices_visible_to`` is the *office scope*: later access functions (``access_case_by_id``)
filter their objects by ``office__in=offices_visible_to(user=user)`` and add their own,
narrower rules on top (sensitive cases, complaints about the user's own office).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from ourvoice.accounts.models import OMBUDSMAN_OFFICE_TYPES, Role, User
from ourvoice.offices.models import Office

AnyUser = User | AnonymousUser


def user_is_verified(user: Any) -> bool:
    """True only for an active account signed in with its second factor in this request.

    ``is_verified`` is installed on ``request.user`` by django-otp's ``OTPMiddleware``; a user
    loaded any other way (from the database, in a task) has none and counts as unverified.
    """
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified() is True)


def _oversight_subtree(office_id: int) -> RawSQL:
    """Ids of the office and of every office below it in the oversight chain, at any depth.

    A recursive query (SQLite and PostgreSQL both have them) keeps this one lazy subquery that
    other querysets can embed; ``UNION`` (not ``UNION ALL``) ends even on a cycle in bad data.
    """
    quote = connection.ops.quote_name
    table = quote(Office._meta.db_table)
    pk = quote(Office._meta.pk.column)
    parent = quote(Office._meta.get_field("oversight").column)
    # Only identifiers from the model's own metadata are formatted in; the id is a parameter.
    sql = (
        f"WITH RECURSIVE subtree(office_id) AS ("  # noqa: S608
        f" SELECT o.{pk} FROM {table} o WHERE o.{pk} = %s"
        f" UNION"
        f" SELECT o.{pk} FROM {table} o INNER JOIN subtree s ON o.{parent} = s.office_id"
        f") SELECT office_id FROM subtree"
    )
    return RawSQL(sql, (office_id,))  # noqa: S611 (model identifiers only; the id is a parameter)


def offices_visible_to(*, user: AnyUser) -> QuerySet[Office]:
    """The offices whose pages and (later) cases ``user`` may see.

    - office staff and office head: their own office;
    - ombudsman: their ombudsman office and every office below it in the oversight chain;
    - provincial administration: every office in their province;
    - national oversight (at the national office), independent monitors and system
      administrators: every office;
    - anybody else, or a role missing the office/province it needs: nothing.
    """
    offices = Office.objects.all()
    if not isinstance(user, User) or not user_is_verified(user):
        return offices.none()
    role = user.role
    if role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD) and user.office_id is not None:
        return offices.filter(pk=user.office_id)
    if role == Role.OMBUDSMAN and user.office is not None and user.office.type in OMBUDSMAN_OFFICE_TYPES:
        return offices.filter(pk__in=_oversight_subtree(user.office.pk))
    if role == Role.PROVINCIAL_ADMIN and user.province_id is not None:
        return offices.filter(province_id=user.province_id)
    if (
        role == Role.NATIONAL_OVERSIGHT
        and user.office is not None
        and user.office.type == Office.Type.NATIONAL_OVERSIGHT
    ):
        return offices
    if role == Role.SYSTEM_ADMIN:
        return offices
    if role == Role.MONITOR and user.office_id is None and user.province_id is None:
        return offices
    return offices.none()


def is_monitor(user: AnyUser) -> bool:
    """An independent monitor, verified in this request: reads nationwide, acts on nothing."""
    return isinstance(user, User) and user_is_verified(user) and user.role == Role.MONITOR


def access_office_by_id(*, user: AnyUser, office_id: int) -> Office:
    """The office ``office_id`` if ``user`` may see it; otherwise ``Http404``, as if it did not exist."""
    try:
        return offices_visible_to(user=user).get(pk=office_id)
    except (Office.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# Who prints QR posters from the staff pages: an office head their own office, oversight staff
# (ombudsman, provincial administration, national oversight) the offices of their area, system
# administrators every office (they also have the admin). Office staff do not (issue 16 point 4).
POSTER_ROLES = (
    Role.OFFICE_HEAD,
    Role.OMBUDSMAN,
    Role.PROVINCIAL_ADMIN,
    Role.NATIONAL_OVERSIGHT,
    Role.SYSTEM_ADMIN,
)


def poster_offices_for(*, user: AnyUser) -> QuerySet[Office]:
    """The offices whose QR posters ``user`` may print: their office scope, for a poster role."""
    if not isinstance(user, User) or user.role not in POSTER_ROLES:
        return Office.objects.none()
    return offices_visible_to(user=user)


def access_poster_office_by_id(*, user: AnyUser, office_id: int) -> Office:
    """The office ``office_id`` if ``user`` may print its poster; otherwise ``Http404``."""
    try:
        return poster_offices_for(user=user).get(pk=office_id)
    except (Office.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
