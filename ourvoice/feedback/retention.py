"""Retention (SECURITY.md C5): what a citizen gave does not outlive the case by more than a period.

Services (writes, keyword-only, one transaction each):

- ``feedback_contact_withdraw``: the citizen, with the receipt, withdraws their contact details at
  any time: the encrypted contact and the consent are blanked and every opt-in to updates of the
  case (Telegram chat id, phone number) is deleted. An internal case event records that it
  happened, never what was removed.
- ``feedback_purge``: the content of one expired report goes: its files (from ``default_storage``,
  whatever the backend) and their rows, the contact details, the description, the free-text
  answers, a service typed by hand (a catalogue service code stays), the search columns and their
  FTS5 row (PostgreSQL's tsvector follows ``search_seg``), the message texts of the case and its
  opt-ins. ``Feedback.purged_at`` records it, so it never runs twice and pages say "removed after
  the retention period". What statistics need stays: kind, category, office, place, dates,
  status, gender/age/disability, fees and overcharge, scores, ratings, and the case events (the
  append-only audit trail). Events keep their staff-written reasons (rejection and transfer
  reasons, internal notes): the trigger forbids changing them, and they are staff text, not what
  the citizen gave.
- ``feedback_purge_expired``: every expired report, each in its own transaction; one failure is
  logged and retried on the next run. Two workers may run it at once: each report's row is taken
  with ``select_for_update(skip_locked=True)`` (PostgreSQL), and a report another worker holds or
  has purged is skipped.

A report expires ``settings.RETENTION_DAYS`` (``OURVOICE_RETENTION_DAYS``, default 365) after its
case last changed status or exchanged a message, once the case is closed, rejected or resolved.
Resolved counts too: a citizen who never confirms the outcome must not keep a case's content
forever; a resolved case reopened or answered in time starts the period again. A purged case
takes no more messages and no rating (the content an appeal would need is gone).
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.search import FEEDBACK_INDEX
from ourvoice.feedback.models import Attachment, Feedback, Question
from ourvoice.feedback.optins import optins_delete
from ourvoice.feedback.selectors import expired_cases
from ourvoice.feedback.services import files_remove
from ourvoice.messaging.models import Message

logger = logging.getLogger(__name__)


def _staff_note(*, case: Case, text: str) -> None:
    CaseEvent.objects.create(case=case, type=CaseEvent.Type.NOTE, reason=text, public=False)


def feedback_contact_withdraw(*, case: Case) -> bool:
    """Remove the citizen's contact details and the case's opt-ins; False if none were kept."""
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=case.feedback_id)
        optins = optins_delete(case_id=case.pk)
        if not (optins or feedback.contact_consent or feedback.contact_ciphertext):
            return False
        feedback.contact_ciphertext = None
        feedback.contact_consent = False
        feedback.contact_withdrawn_at = timezone.now()
        feedback.save(update_fields=["contact_ciphertext", "contact_consent", "contact_withdrawn_at"])
        with translation.override(settings.LANGUAGE_CODE):  # the staff's timeline: Khmer first
            _staff_note(case=case, text=_("The citizen withdrew their contact details with the receipt."))
    case.feedback = feedback
    return True


def _kept_answers(feedback: Feedback) -> dict[str, object]:
    """The structured guided answers (choices, numbers, dates, yes/no); free text goes, and so does
    an answer whose question no longer exists (its type is unknown)."""
    answers = feedback.answers if isinstance(feedback.answers, dict) else {}
    structured = set(
        Question.objects.filter(category_id=feedback.category_id)
        .exclude(datatype=Question.Datatype.TEXT)
        .values_list("code", flat=True)
    )
    return {code: value for code, value in answers.items() if code in structured}


def _kept_service(feedback: Feedback) -> str:
    """A service chosen from the catalogue is stored as its code and stays; typed text goes."""
    service = apps.get_model("catalogue", "Service")
    if feedback.service_name and service.objects.filter(code=feedback.service_name).exists():
        return feedback.service_name
    return ""


def feedback_purge(*, feedback_id: int, now: datetime.datetime | None = None) -> bool:
    """Remove the content of one expired report; False if not expired, purged or held elsewhere."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(skip_locked=True)
            .filter(pk=feedback_id, purged_at__isnull=True)
            .first()
        )
        if feedback is None:
            return False  # purged already, or another worker is purging it now
        case = Case.objects.select_for_update().get(feedback_id=feedback.pk)
        if not expired_cases(now=now).filter(pk=case.pk).exists():
            return False  # reopened, answered or appealed since it was listed
        names = list(Attachment.objects.filter(feedback=feedback).values_list("stored_name", flat=True))
        Attachment.objects.filter(feedback=feedback).delete()
        Message.objects.filter(case=case).update(body="")
        optins_delete(case_id=case.pk)
        feedback.description = ""
        feedback.answers = _kept_answers(feedback)
        feedback.service_name = _kept_service(feedback)
        feedback.contact_ciphertext = None
        feedback.contact_consent = False
        feedback.search_text = feedback.search_seg = ""
        feedback.purged_at = now
        feedback.save(
            update_fields=[
                "description",
                "answers",
                "service_name",
                "contact_ciphertext",
                "contact_consent",
                "search_text",
                "search_seg",
                "purged_at",
            ]
        )
        FEEDBACK_INDEX.forget(pk=feedback.pk)
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Content removed after the retention period (%(days)d days).")
            _staff_note(case=case, text=text % {"days": settings.RETENTION_DAYS})
        # Last, inside the transaction: a purge that commits leaves no file behind; one that fails
        # after this keeps its rows, and the next run removes them (deleting a gone file is a no-op).
        files_remove(names=names)
    return True


def feedback_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Purge every expired report, each in its own transaction; returns how many were purged."""
    now = now or timezone.now()
    ids = list(expired_cases(now=now).order_by("pk").values_list("feedback_id", flat=True))
    purged = 0
    for feedback_id in ids:
        try:
            purged += feedback_purge(feedback_id=feedback_id, now=now)
        except Exception:
            logger.exception("Could not purge report %s; will retry.", feedback_id)
    return purged
