"""Entering a report on a citizen's behalf: ``feedback_submit`` with the channel it came by.

The report is the citizen's and stays anonymous: the staff member who typed it is recorded only
as the actor of an internal case event, never on the report itself, so the handling office and
analytics see a report like any other, with its channel.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ourvoice.accounts.models import User
from ourvoice.cases.models import CaseEvent
from ourvoice.feedback.models import Channel
from ourvoice.feedback.services import FeedbackInput, Submission, feedback_submit

STAFF_CHANNELS = (Channel.PAPER, Channel.MAILBOX, Channel.PHONE, Channel.MEETING, Channel.COUNTER)


@transaction.atomic
def staff_feedback_enter(*, user: User, data: FeedbackInput, idempotency_key: str | None) -> Submission:
    """Store a report received at the staff member's office; a retry with the same key returns
    the first report and records nothing more.

    Routing still applies: a complaint about the office itself, or a sensitive one, goes to the
    office that must handle it and is then hidden from the office that entered it.
    """
    if data.channel not in STAFF_CHANNELS:
        raise ValidationError({"channel": _("Choose how the report reached the office.")})
    if data.office is None or data.office.pk != user.office_id:
        raise ValidationError(_("Reports can only be entered for your own office."))
    submission = feedback_submit(data=data, idempotency_key=idempotency_key)
    if submission.created:
        channel = Channel(data.channel).label
        CaseEvent.objects.create(
            case=submission.case,
            type=CaseEvent.Type.NOTE,
            actor=user,
            public=False,
            reason=_("Entered by staff on the citizen's behalf (%(channel)s).") % {"channel": channel},
        )
    return submission
