"""Writes on the anonymous dialogue between a citizen and the office handling the case."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ourvoice.accounts.models import User
from ourvoice.cases.models import Case, CaseEvent, Status
from ourvoice.cases.services import case_transition
from ourvoice.cases.signals import office_message_posted
from ourvoice.core.text import contains_control_characters
from ourvoice.feedback.models import Attachment
from ourvoice.feedback.services import Upload, files_remove, files_store, uploads_clean
from ourvoice.messaging.models import MESSAGE_MAX_LENGTH, Message
from ourvoice.notifications.tasks import notify_case_event


def _validate_body(body: str, *, has_files: bool) -> str:
    body = body.strip()
    if contains_control_characters(body):
        raise ValidationError(
            {"body": _("The text contains characters that cannot be stored. Please retype it.")}
        )
    if not body and not has_files:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Keep your message under %(max)d characters.") % {"max": MESSAGE_MAX_LENGTH}}
        )
    return body


def _refuse_if_purged(case: Case) -> None:
    """A case whose content was removed after the retention period takes no new content."""
    if case.feedback.purged_at is not None:
        raise ValidationError(
            {"body": _("This case's content was removed after the retention period: no more messages.")}
        )


def message_post_by_citizen(*, case: Case, body: str, uploads: Sequence[Upload] = ()) -> Message:
    """A citizen's reply or added information; a case waiting for the citizen resumes."""
    if case.status in (Status.CLOSED, Status.REJECTED):
        raise ValidationError({"body": _("This case is closed: you can no longer add to it.")})
    _refuse_if_purged(case)
    body = _validate_body(body, has_files=bool(uploads))
    cleaned = uploads_clean(uploads=uploads, max_files=settings.UPLOAD_MAX_FILES)
    stored = files_store(files=cleaned)
    try:
        with transaction.atomic():
            message = Message.objects.create(case=case, sender=Message.Sender.CITIZEN, body=body)
            Attachment.objects.bulk_create(
                Attachment(
                    feedback_id=case.feedback_id,
                    message=message,
                    file_kind=clean.kind,
                    content_type=clean.content_type,
                    extension=clean.extension,
                    stored_name=name,
                    size=len(clean.data),
                )
                for clean, name in stored
            )
            event = CaseEvent.objects.create(case=case, type=CaseEvent.Type.MESSAGE_FROM_CITIZEN)
            notify_case_event(event=event)  # the office's staff, after commit, without content
            if case.status == Status.WAITING:
                case_transition(case=case, to_status=Status.IN_PROGRESS, actor=None)
            Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    except BaseException:
        files_remove(names=[name for _clean, name in stored])
        raise
    return message


@transaction.atomic
def message_post_by_office(*, case: Case, author: User, body: str, ask_citizen: bool = False) -> Message:
    """A staff message to the anonymous citizen; asking a question waits for the answer."""
    _refuse_if_purged(case)
    body = _validate_body(body, has_files=False)
    message = Message.objects.create(case=case, sender=Message.Sender.OFFICE, author=author, body=body)
    CaseEvent.objects.create(case=case, type=CaseEvent.Type.MESSAGE_FROM_OFFICE, actor=author)
    if ask_citizen and case.status != Status.WAITING:
        case_transition(case=case, to_status=Status.WAITING, actor=author)
    office_message_posted.send(sender=Case, case=case, message_id=message.pk)  # content-free
    return message
