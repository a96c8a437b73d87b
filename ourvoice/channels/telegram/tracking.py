"""``/status``: the receipt opens the case (throttled like the website), the bot shows its status
and the office's messages, and what the citizen then writes or records goes to the office."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ourvoice.cases.models import Case, Status
from ourvoice.channels.common.models import Subscription
from ourvoice.channels.common.services import address_hashes, subscription_create, throttle_client
from ourvoice.channels.telegram.turn import Message, Turn
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback import throttle
from ourvoice.feedback.models import Channel
from ourvoice.feedback.receipts import parse_receipt
from ourvoice.feedback.services import ReceiptRejected, Upload, receipt_open
from ourvoice.messaging.models import Message as CaseMessage
from ourvoice.messaging.services import message_post_by_citizen

CLOSED = (Status.CLOSED, Status.REJECTED)
SHOWN_MESSAGES = 5
SUBSCRIBE = "sub"


def track_prompt(turn: Turn) -> None:
    turn.goto("track_receipt")
    turn.say(_("Send your receipt code (20 digits, Khmer or Latin digits)."))


def _digits(turn: Turn, text: str) -> str:
    return to_khmer_digits(text) if turn.language == "km" else text


def _tracked(turn: Turn) -> Case | None:
    case_id = turn.state.get("track", {}).get("case")
    return Case.objects.select_related("feedback").filter(pk=case_id).first() if case_id else None


def case_show(turn: Turn, case: Case) -> None:
    lines = [_("Status of your case: %(status)s") % {"status": case.citizen_status_display()}]
    office_messages = list(
        case.messages.filter(sender=CaseMessage.Sender.OFFICE).order_by("-created_at", "-id")[:SHOWN_MESSAGES]
    )
    if office_messages:
        lines.append(_("Messages from the office:"))
        for item in reversed(office_messages):
            when = formats.date_format(timezone.localtime(item.created_at), "SHORT_DATE_FORMAT")
            body = item.body[:1000] or _("Removed after the retention period.")
            lines.append(f"— {_digits(turn, when)}: {body}")
    else:
        lines.append(_("No message from the office yet."))
    buttons = None
    if case.feedback.purged_at is not None:  # retention (feedback/retention.py): nothing to add to
        lines.append(_("This case's content was removed after the retention period: no more messages."))
    elif case.status in CLOSED:
        lines.append(_("This case is closed: you can no longer add to it."))
    else:
        lines.append(
            _(
                "To reply to the office, write here or send a voice note or a photo. "
                "Send /cancel when you have finished."
            )
        )
        followed = Subscription.objects.filter(
            case=case,
            channel=Channel.TELEGRAM,
            address_hash__in=address_hashes(channel=Channel.TELEGRAM, address=turn.chat_id),
        ).exists()
        if not followed:
            buttons = [[(_("Tell me here when there is news"), SUBSCRIBE)]]
    turn.say("\n".join(lines), buttons)


def track_open(turn: Turn, text: str) -> None:
    client = throttle_client(channel=Channel.TELEGRAM, address=turn.chat_id)
    try:
        case = receipt_open(receipt_text=text, client=client)
    except throttle.Throttled as wait:
        minutes = max(1, (wait.retry_after + 59) // 60)
        turn.say(
            _("Too many attempts. Please wait %(minutes)d minutes and try again.") % {"minutes": minutes}
        )
        return
    except ReceiptRejected:
        turn.say(_("No case matches this receipt code. Check the digits and try again."))
        return
    turn.state["track"] = {"case": case.pk}
    turn.goto("tracking")
    case_show(turn, case)


def _on_receipt(turn: Turn, message: Message) -> None:
    if not message.text or parse_receipt(message.text) is None:
        turn.say(_("A receipt code has 20 digits, for example 1234 5678 9012 3456 7890."))
        return
    track_open(turn, message.text)


def _on_tracking(turn: Turn, message: Message) -> None:
    case = _tracked(turn)
    if case is None:
        return track_prompt(turn)
    if message.data == SUBSCRIBE:
        subscription_create(case=case, channel=Channel.TELEGRAM, address=turn.chat_id, language=turn.language)
        turn.say(_("Done: you will get a short message here when there is news. /forget stops it."))
        return
    for error in message.file_errors:
        turn.say(" ".join(error.messages))
    if not message.text and not message.files:
        return case_show(turn, case)
    uploads = [Upload(name=f"{clean.kind}.{clean.extension}", data=clean.data) for clean in message.files]
    try:
        message_post_by_citizen(case=case, body=message.text, uploads=uploads)
    except ValidationError as error:
        turn.say("\n".join(error.messages))
        return
    turn.say(_("Your message was sent to the office."))


HANDLERS = {"track_receipt": _on_receipt, "tracking": _on_tracking}
