"""Writes of the catalogue: publishing and withdrawing public answers (README.md).

Services (the catalogue's rows) are written by administrators in the admin and by CSV/XLSX
import; ``Service.save`` keeps their search keys current.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ourvoice.accounts.models import User
from ourvoice.cases.models import Case, CaseEvent
from ourvoice.catalogue.access import can_publish_answer, can_withdraw_answer
from ourvoice.catalogue.deidentify import contact_details_in
from ourvoice.catalogue.models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, PublicAnswer, Service
from ourvoice.catalogue.search import ANSWER_INDEX, answer_search_index
from ourvoice.catalogue.selectors import services_for_office
from ourvoice.core.text import contains_control_characters


def _public_text(value: str, *, field: str, max_length: int, empty: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: empty})
    if len(value) > max_length:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": max_length}})
    if contains_control_characters(value):
        raise ValidationError(
            {field: _("The text contains characters that cannot be stored. Please retype it.")}
        )
    found = contact_details_in(value)
    if found:
        raise ValidationError(
            {
                field: _(
                    "Remove the phone number, e-mail address or Telegram name before publishing: %(found)s"
                )
                % {"found": ", ".join(found)}
            }
        )
    return value


@transaction.atomic
def public_answer_publish(
    *,
    case: Case,
    user: User,
    question: str,
    answer: str,
    language: str,
    service: Service | None = None,
) -> PublicAnswer:
    """Publish an information request's question and answer, as staff rewrote them, as a public
    answer of the case's office (and of ``service``, one of the office's services).

    Refused for other kinds and sensitive cases, for staff who may not handle the case, for text
    with a phone number, e-mail address or Telegram name in it, and while the case already has a
    live public answer. Writes an internal case event (the audit; nothing the citizen sees).
    """
    if not can_publish_answer(user=user, case=case):
        raise PermissionDenied
    case = Case.objects.select_for_update().select_related("feedback", "office").get(pk=case.pk)
    question = _public_text(
        question, field="question", max_length=QUESTION_MAX_LENGTH, empty=_("Write the public question.")
    )
    answer = _public_text(
        answer, field="answer", max_length=ANSWER_MAX_LENGTH, empty=_("Write the public answer.")
    )
    if language not in PublicAnswer.Language.values:
        raise ValidationError({"language": _("Choose the language of the question and answer.")})
    if service is not None and service.pk not in {s.pk for s in services_for_office(office=case.office)}:
        raise ValidationError({"service": _("Choose one of the office's services, or none.")})
    if PublicAnswer.objects.filter(case=case, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("This case already has a public answer. Withdraw it to publish another."))
    published = PublicAnswer(
        office=case.office,
        service=service,
        topic_id=case.feedback.category_id,
        language=language,
        question=question,
        answer=answer,
        case=case,
        published_by=user,
        published_at=timezone.now(),
    )
    published.full_clean()
    published.save()
    answer_search_index(answer=published)
    CaseEvent.objects.create(
        case=case,
        type=CaseEvent.Type.NOTE,
        actor=user,
        reason=_("Published as public answer no. %(number)s.") % {"number": published.pk},
        public=False,
    )
    return published


@transaction.atomic
def public_answer_withdraw(*, answer: PublicAnswer, user: User) -> PublicAnswer:
    """Take a public answer off every public page and out of search (the office head, or a
    system administrator). The row stays for the record; the case gets an internal event."""
    if not can_withdraw_answer(user=user, answer=answer):
        raise PermissionDenied
    answer = PublicAnswer.objects.select_for_update().get(pk=answer.pk)
    if answer.withdrawn_at is not None:
        return answer
    answer.withdrawn_at = timezone.now()
    answer.withdrawn_by = user
    answer.save(update_fields=["withdrawn_at", "withdrawn_by"])
    ANSWER_INDEX.forget(pk=answer.pk)
    CaseEvent.objects.create(
        case_id=answer.case_id,
        type=CaseEvent.Type.NOTE,
        actor=user,
        reason=_("Public answer no. %(number)s withdrawn.") % {"number": answer.pk},
        public=False,
    )
    return answer
