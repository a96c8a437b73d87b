"""Which cases a staff member may see and what they may do with them (SECURITY.md C1, C2, C4).

Every rule denies by default; what a user may not see answers 404 exactly like what does not
exist. The policy, on top of the office scope of ``accounts.access.offices_visible_to``:

- a case is visible when its *current* office is in the user's office scope;
- never to the staff of the office it is hidden from (``hidden_from``: the office complained
  about, for about-office and sensitive complaints) - whatever their role or scope;
- a sensitive case only to focal points (``is_focal_point``) working at the handling office and
  to national oversight;
- system administrators administer accounts, offices and the catalogue: they read no case;
- independent monitors (civil society) read every case but the sensitive ones, nationwide, with
  the content de-identified (``reads_deidentified``: no contact details, no files, contact
  details in the citizen's and staff's words replaced by […]); they act on none.

Handling (messages, notes, status, assignment, transfer) is for the staff of the handling office;
a user who only oversees (ombudsman of a parent office, provincial administration, national
oversight of another office's case) reads but does not act. Contact details are for the office
head and the ombudsman of the handling office (C4).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from ourvoice.accounts.access import AnyUser, is_monitor, offices_visible_to, user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.cases.models import Case

HANDLING_ROLES = frozenset({Role.OFFICE_STAFF, Role.OFFICE_HEAD, Role.OMBUDSMAN, Role.NATIONAL_OVERSIGHT})
CONTACT_ROLES = frozenset({Role.OFFICE_HEAD, Role.OMBUDSMAN})


def cases_visible_to(*, user: AnyUser) -> QuerySet[Case]:
    """Every case ``user`` may see; lists, search, counts and the case page all start here."""
    cases = Case.objects.all()
    if not isinstance(user, User) or not user_is_verified(user) or user.role == Role.SYSTEM_ADMIN:
        return cases.none()
    offices = offices_visible_to(user=user)
    if user.role in (Role.NATIONAL_OVERSIGHT, Role.MONITOR):
        if offices.query.is_empty():
            return cases.none()
        if offices.query.where:  # some offices only: a subquery is cheapest
            cases = cases.filter(office__in=offices)
        # Every office: no condition, since every case has one. "office_id IN (every office)"
        # cost national oversight's due-soon tab 21 of its 32 ms over 10 million cases (a lookup
        # of each of the tab's 11,000 cases' office; docs/performance.md).
    else:
        # The office ids as a list, not a subquery: PostgreSQL then knows how few offices an
        # ombudsman's subtree holds (a recursive query it guesses at ~900) and plans the lists
        # over millions of cases accordingly (docs/performance.md).
        cases = cases.filter(office_id__in=_visible_office_ids(user))
    if user.office_id is not None:
        # hidden_from is NULL for most cases: exclude() keeps them (it adds IS NOT NULL itself).
        cases = cases.exclude(hidden_from_id=user.office_id)
    if user.role == Role.NATIONAL_OVERSIGHT:
        return cases  # offices_visible_to already required the national office
    if user.role == Role.MONITOR:
        return cases.filter(is_sensitive=False)  # never the sensitive track
    if user.is_focal_point and user.office_id is not None:
        return cases.filter(Q(is_sensitive=False) | Q(office_id=user.office_id))
    return cases.filter(is_sensitive=False)


def scope_office_ids(*, user: AnyUser) -> list[int] | None:
    """The offices of ``user``'s case scope by id where they are few (an office, an ombudsman's
    subtree); None for a province or the nation (``stamp.py``: their counts are not keyed by office)."""
    if not isinstance(user, User):
        return []
    if user.role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD):
        return [user.office_id] if user.office_id is not None else []
    if user.role == Role.OMBUDSMAN:
        return _visible_office_ids(user)
    return None


def _visible_office_ids(user: User) -> list[int]:
    """``offices_visible_to`` as ids, worked out once per user object (a request's): an
    ombudsman's subtree is a recursive query, and one inbox page asked for it twice. Keyed by
    what the scope depends on, so a changed role, office or sign-in is never answered from memory."""
    key = (user.pk, user.role, user.office_id, user.province_id, user_is_verified(user))
    memo = getattr(user, "_visible_office_ids", None)
    if memo is None or memo[0] != key:
        memo = (key, list(offices_visible_to(user=user).values_list("pk", flat=True)))
        setattr(user, "_visible_office_ids", memo)  # noqa: B010 (a private attribute of the instance)
    return list(memo[1])


def access_case_by_id(*, user: AnyUser, case_id: int) -> Case:
    """The case ``case_id`` if ``user`` may see it; otherwise ``Http404``, as if it did not exist."""
    try:
        return (
            cases_visible_to(user=user)
            .select_related(
                "feedback__category",
                "feedback__commune",
                "feedback__district",
                "feedback__province",
                "feedback__office",
                "feedback__service",
                "office",
                "assignee",
            )
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_handle(*, user: AnyUser, case: Case) -> bool:
    """Staff of the handling office act on a case; those who oversee it only read it."""
    return (
        isinstance(user, User)
        and user_is_verified(user)
        and user.role in HANDLING_ROLES
        and user.office_id is not None
        and user.office_id == case.office_id
    )


def can_see_contact(*, user: AnyUser, case: Case) -> bool:
    """The office head and the ombudsman of the handling office may reveal contact details."""
    return can_handle(user=user, case=case) and isinstance(user, User) and user.role in CONTACT_ROLES


def reads_deidentified(*, user: AnyUser) -> bool:
    """Independent monitors read the citizen's words and the handling history de-identified:
    never contact details, files or the respondent's profile."""
    return is_monitor(user)


def can_see_files(*, user: AnyUser, case: Case) -> bool:
    """Files may show faces, names and documents: never for those who read de-identified."""
    return not reads_deidentified(user=user)
