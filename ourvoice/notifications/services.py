"""Writes: notifications created after a case moves, batched e-mails, marking as read.

Case services call ``tasks.notify_case_event`` inside their transaction; the notifications are
created here by the background task it queues with ``transaction.on_commit``, so nothing is told
about a case that was rolled back, and the task can run twice (one notification per recipient and
cause).
"""

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ourvoice.accounts.models import User
from ourvoice.cases.models import Case, CaseEvent
from ourvoice.notifications.models import Notification
from ourvoice.notifications.selectors import notification_recipients
from ourvoice.offices.models import Office

logger = logging.getLogger(__name__)
Kind = Notification.Kind

# Which case events tell the office's staff, and as what.
EVENT_KINDS: dict[str, str] = {
    CaseEvent.Type.ROUTED: Kind.NEW_CASE,
    CaseEvent.Type.TRANSFERRED: Kind.NEW_CASE,
    CaseEvent.Type.ESCALATED: Kind.ESCALATED,
    CaseEvent.Type.APPEALED: Kind.ESCALATED,
    CaseEvent.Type.MESSAGE_FROM_CITIZEN: Kind.CITIZEN_REPLIED,
}


def _create(*, case: Case, office: Office, kind: str, key: str) -> int:
    recipients = list(notification_recipients(case=case, office=office).values_list("pk", flat=True))
    created = Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, case=case, key=key) for pk in recipients],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def notifications_create_for_event(*, event_id: int) -> int:
    """Tell the staff of the office an event brought the case to (or where it is, for replies)."""
    event = CaseEvent.objects.select_related("case", "case__office", "office").get(pk=event_id)
    kind = EVENT_KINDS.get(event.type)
    if kind is None:
        return 0
    office = event.office or event.case.office
    return _create(case=event.case, office=office, kind=kind, key=f"event:{event.pk}")


@transaction.atomic
def notifications_create_overdue(*, case_id: int, due: datetime.date) -> int:
    """Tell the office of an overdue case that nobody is above it to escalate to (once per due date)."""
    case = Case.objects.select_related("office").get(pk=case_id)
    return _create(case=case, office=case.office, kind=Kind.OVERDUE, key=f"overdue:{case.pk}:{due}")


def _summary(counts: Counter[str]) -> str:
    lines = [
        ngettext(
            "You have %(count)d new notification in Our Voice.",
            "You have %(count)d new notifications in Our Voice.",
            counts.total(),
        )
        % {"count": counts.total()}
    ]
    for kind in Kind:
        if counts[kind]:
            lines.append(f"- {kind.label}: {counts[kind]}")
    url = settings.OURVOICE_SITE_URL.rstrip("/") + reverse("accounts:home")
    lines.append(_("Sign in to see them: %(url)s") % {"url": url})
    return "\n".join(lines)


def _email(*, counts: Counter[str]) -> tuple[str, str]:
    """Subject and body, Khmer first then English: counts and a link, no case content."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Our Voice: %(count)d new notifications") % {"count": counts.total()}
    bodies = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            bodies.append(_summary(counts))
    return subject, "\n\n".join(bodies)


def notifications_email_pending(*, now: datetime.datetime | None = None) -> int:
    """Send each user one e-mail summing up their unsent, unread notifications; returns e-mails sent.

    Each user's batch is its own transaction: rows are locked, the e-mail sent, then marked sent.
    A failure leaves that user's batch for the next run (at least once, never lost).
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(
        emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True
    ).exclude(recipient__email="")
    sent = 0
    for user_id in pending.values_list("recipient_id", flat=True).distinct().order_by("recipient_id"):
        try:
            with transaction.atomic():
                batch = list(
                    pending.filter(recipient_id=user_id).select_for_update(skip_locked=True, of=("self",))
                )
                if not batch:
                    continue
                user = User.objects.get(pk=user_id)
                subject, body = _email(counts=Counter(n.kind for n in batch))
                send_mail(subject, body, None, [user.email])
                Notification.objects.filter(pk__in=[n.pk for n in batch]).update(emailed_at=now)
                sent += 1
        except Exception:
            logger.exception("Could not e-mail notifications to user %s; will retry.", user_id)
    return sent


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications (all, or those in ``ids``) as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
