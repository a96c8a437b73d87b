"""Writes of the case page: audit of reads, notes, assignment, transfer, contact, duplicates.

Status changes stay in ``services.case_transition`` (the one workflow service); messages in
``messaging.services``. Every function here writes a CaseEvent; callers have already loaded the
case through ``access.access_case_by_id`` and checked ``can_handle`` where they act.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ourvoice.accounts.models import User
from ourvoice.cases.access import HANDLING_ROLES, can_handle, can_see_contact
from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.services import _move
from ourvoice.cases.workflow import FINAL_STATUSES
from ourvoice.core.crypto import decrypt
from ourvoice.feedback.models import DuplicateLink
from ourvoice.offices.models import Office

NOTE_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 1000


def _require_handler(*, user: User, case: Case) -> None:
    if not can_handle(user=user, case=case):
        raise PermissionDenied


def _text(value: str, *, field: str, max_length: int, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > max_length:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": max_length}})
    return value


def case_read_record(*, case: Case, user: User, what: str) -> CaseEvent:
    """Audit one staff read of a case's content, a file or contact details (SECURITY.md C3)."""
    return CaseEvent.objects.create(
        case=case, type=CaseEvent.Type.READ, actor=user, reason=what, public=False
    )


@transaction.atomic
def case_note_add(*, case: Case, user: User, text: str) -> CaseEvent:
    """An internal note: staff only, never shown to the citizen."""
    _require_handler(user=user, case=case)
    text = _text(text, field="text", max_length=NOTE_MAX_LENGTH, message=_("Write the note."))
    return CaseEvent.objects.create(
        case=case, type=CaseEvent.Type.NOTE, actor=user, reason=text, public=False
    )


def assignable_users(*, case: Case) -> list[User]:
    """Colleagues at the handling office who may take the case (focal points for sensitive cases)."""
    users = User.objects.filter(office_id=case.office_id, is_active=True, role__in=HANDLING_ROLES)
    if case.is_sensitive:
        users = users.filter(is_focal_point=True)
    return list(users.order_by("username"))


@transaction.atomic
def case_assign(*, case: Case, user: User, assignee: User | None) -> Case:
    """Give the case to a colleague of the handling office (or to nobody)."""
    _require_handler(user=user, case=case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if assignee is not None and assignee.pk not in {u.pk for u in assignable_users(case=case)}:
        raise ValidationError({"assignee": _("Choose a colleague of the office handling the case.")})
    case.assignee = assignee
    case.updated_at = timezone.now()
    case.save(update_fields=["assignee", "updated_at"])
    name = assignee.get_username() if assignee else ""
    CaseEvent.objects.create(
        case=case,
        type=CaseEvent.Type.NOTE,
        actor=user,
        reason=_("Assigned to %(name)s") % {"name": name} if name else _("Unassigned"),
        public=False,
    )
    return case


def transfer_targets(*, case: Case) -> list[Office]:
    """Offices a case may go to: others of its province and national oversight; never the
    office it is hidden from (SECURITY.md C2)."""
    offices = Office.objects.all()
    if case.office.province_id is not None:
        offices = offices.filter(
            Q(province_id=case.office.province_id) | Q(type=Office.Type.NATIONAL_OVERSIGHT)
        )
    offices = offices.exclude(pk=case.office_id)
    if case.hidden_from_id is not None:
        offices = offices.exclude(pk=case.hidden_from_id)
    return list(offices.order_by("type", "name_en"))


@transaction.atomic
def case_transfer(*, case: Case, user: User, office: Office, reason: str) -> Case:
    """Send an open case to another office, which starts it again as received."""
    _require_handler(user=user, case=case)
    case = Case.objects.select_for_update().select_related("office").get(pk=case.pk)
    reason = _text(reason, field="reason", max_length=REASON_MAX_LENGTH, message=_("Say why."))
    if case.status in FINAL_STATUSES:
        raise ValidationError({"office": _("A closed case cannot be transferred.")})
    if office.pk == case.hidden_from_id or office.pk not in {o.pk for o in transfer_targets(case=case)}:
        raise ValidationError({"office": _("This case cannot be transferred to that office.")})
    # The one way a case changes office: deadlines restart and the new office is notified.
    return _move(case=case, office=office, type=CaseEvent.Type.TRANSFERRED, actor=user, reason=reason)


@transaction.atomic
def case_contact_reveal(*, case: Case, user: User) -> dict[str, str]:
    """Decrypt the citizen's contact details for a role that needs them, and audit the read."""
    if not can_see_contact(user=user, case=case):
        raise PermissionDenied
    ciphertext = case.feedback.contact_ciphertext
    case_read_record(case=case, user=user, what="contact")
    if not ciphertext:
        return {}
    data = json.loads(decrypt(bytes(ciphertext), purpose="contact"))
    return {key: str(value) for key, value in data.items() if key in ("phone", "telegram") and value}


@transaction.atomic
def case_mark_duplicate(*, case: Case, user: User, original: Case) -> DuplicateLink:
    """Link a report to the earlier one it repeats; both cases record it."""
    _require_handler(user=user, case=case)
    if original.pk == case.pk or original.office_id != case.office_id:
        raise ValidationError({"original": _("Choose another case of the same office.")})
    if DuplicateLink.objects.filter(duplicate_id=case.feedback_id).exists():
        raise ValidationError({"original": _("This case is already marked as a duplicate.")})
    link = DuplicateLink.objects.create(duplicate=case.feedback, original=original.feedback, marked_by=user)
    for this, other, text in (
        (case, original, _("Marked as a duplicate of %(ref)s")),
        (original, case, _("%(ref)s was marked as a duplicate of this case")),
    ):
        CaseEvent.objects.create(
            case=this,
            type=CaseEvent.Type.NOTE,
            actor=user,
            reason=text % {"ref": other.feedback.reference},
            public=False,
        )
    return link
