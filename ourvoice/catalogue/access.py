"""Who may publish and withdraw public answers (README.md).

Publishing is for staff who may handle the case (``cases.access.can_handle``: the handling
office), and only for an information request that is not sensitive. Withdrawing is for the head
of the office whose answer it is, and for system administrators (in the admin).
"""

from ourvoice.accounts.access import AnyUser, user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.cases.access import can_handle
from ourvoice.cases.models import Case
from ourvoice.catalogue.models import PublicAnswer
from ourvoice.feedback.models import Kind


def case_may_become_public(*, case: Case) -> bool:
    """Only information requests; never a sensitive case, whatever its kind or category."""
    feedback = case.feedback
    return feedback.kind == Kind.INFORMATION and not case.is_sensitive and not feedback.is_sensitive


def can_publish_answer(*, user: AnyUser, case: Case) -> bool:
    return case_may_become_public(case=case) and can_handle(user=user, case=case)


def can_withdraw_answer(*, user: AnyUser, answer: PublicAnswer) -> bool:
    if not isinstance(user, User) or not user_is_verified(user):
        return False
    if user.role == Role.SYSTEM_ADMIN:
        return True
    return user.role == Role.OFFICE_HEAD and user.office_id is not None and user.office_id == answer.office_id
