"""The bot's conversation: one Telegram update in, replies out.

Each update is handled in one transaction that locks the chat's conversation row (found by a
keyed hash of the chat id), so two updates of the same chat never interleave; files are fetched
and cleaned before it, replies are sent after it commits. The state lives in the database
(encrypted), so a restart loses nothing; it expires after ``CHANNELS_CONVERSATION_HOURS``.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourvoice.channels.common.models import Conversation
from ourvoice.channels.common.services import (
    address_forget,
    address_hashes,
    conversation_clear,
    conversation_expired,
    conversation_lock,
    conversation_save,
    conversation_state,
)
from ourvoice.channels.telegram import api, report, tracking
from ourvoice.channels.telegram.inbound import FileRef, Inbound
from ourvoice.channels.telegram.report import cancel
from ourvoice.channels.telegram.turn import REPORT_STEPS, Message, Turn
from ourvoice.feedback.files import CleanFile, clean_upload
from ourvoice.feedback.models import Channel
from ourvoice.feedback.receipts import parse_receipt

logger = logging.getLogger(__name__)
FILE_STEPS = ("describe", "tracking")
CONTINUE, RESTART, CANCEL_ALL = "resume", "restart", "cancel"


# --- commands ----------------------------------------------------------------------------


def welcome(turn: Turn) -> None:
    turn.say(
        _(
            "Welcome to Our Voice. Here you can make a complaint, seek support, ask for information "
            "or evaluate a public service, without giving your name."
        )
    )
    report.report_start(turn)


def _resume_offer(turn: Turn) -> None:
    turn.say(
        _("You have a report that is not finished yet."),
        [[(_("Continue it"), CONTINUE)], [(_("Start again"), RESTART)], [(_("Delete it"), CANCEL_ALL)]],
    )


def cmd_start(turn: Turn) -> None:
    if turn.has_draft():
        return _resume_offer(turn)
    welcome(turn)


def cmd_new(turn: Turn) -> None:
    report.report_start(turn)


def cmd_help(turn: Turn) -> None:
    text = "\n".join(
        [
            _("Our Voice: anonymous feedback on public services."),
            _("/new – make a complaint, seek support, ask for information or evaluate a service"),
            _("/status – follow a case with its receipt code, read the office's answer and reply"),
            _("/cancel – stop what you are doing and delete the draft"),
            _("/language – ភាសាខ្មែរ or English"),
            _("/forget – stop updates in this chat and delete what we keep about it"),
        ]
    )
    turn.say(text, [[(_("Continue my report"), CONTINUE)]] if turn.has_draft() else None)


def cmd_language(turn: Turn) -> None:
    turn.say(_("Choose your language."), [[("ភាសាខ្មែរ", "lang:km"), ("English", "lang:en")]])


def cmd_forget(turn: Turn) -> None:
    address_forget(channel=Channel.TELEGRAM, address=turn.chat_id)
    turn.forgotten = True
    turn.say(
        _(
            "Done: this chat is no longer linked to any case, and its address and conversation "
            "were deleted. Your reports stay with the offices; follow them with /status and your receipt."
        )
    )


COMMANDS = {
    "start": cmd_start,
    "new": cmd_new,
    "cancel": cancel,
    "status": tracking.track_prompt,
    "help": cmd_help,
    "language": cmd_language,
    "forget": cmd_forget,
}


# --- dispatch ----------------------------------------------------------------------------


def _global_button(turn: Turn, data: str) -> bool:
    """Buttons that work whatever the step; True if ``data`` was one."""
    if data.startswith("lang:") and data[5:] in dict(settings.LANGUAGES):
        turn.conversation.language = data[5:]
        translation.activate(data[5:])
        turn.say(_("The language is now English."))
        if turn.has_draft():
            _resume_offer(turn)
        return True
    if data == CONTINUE and turn.has_draft():
        turn.goto(turn.draft["at"])
        report.prompt(turn)
        return True
    if data == RESTART:
        report.report_start(turn)
        return True
    if data == CANCEL_ALL and turn.step not in ("confirm",):
        cancel(turn)
        return True
    if data == "k:track":
        tracking.track_prompt(turn)
        return True
    return False


def dispatch(turn: Turn, message: Message) -> None:
    text = message.text.strip()
    if text.startswith("/"):
        name = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
        command = COMMANDS.get(name)
        if command is None:
            turn.say(_("I do not know this command."))
            command = cmd_help
        return command(turn)
    if message.data and _global_button(turn, message.data):
        return
    step = turn.step
    if step in report.HANDLERS:
        return report.HANDLERS[step](turn, message)
    if step in tracking.HANDLERS:
        return tracking.HANDLERS[step](turn, message)
    if text and parse_receipt(text) is not None:
        return tracking.track_open(turn, text)
    welcome(turn)


# --- one update --------------------------------------------------------------------------


def _fetch(files: list[FileRef]) -> tuple[list[CleanFile], list[ValidationError]]:
    """Download and clean the files of a message (outside any transaction)."""
    cleaned: list[CleanFile] = []
    errors: list[ValidationError] = []
    limit = settings.UPLOAD_MAX_BYTES
    for ref in files[: settings.UPLOAD_MAX_FILES]:
        too_large = ValidationError(
            gettext_lazy("The file “%(name)s” is too large: the limit is %(limit)s."),
            params={"name": ref.name, "limit": filesizeformat(limit)},
        )
        if ref.size > limit:
            errors.append(too_large)
            continue
        try:
            data = api.file_download(file_id=ref.file_id, max_bytes=limit)
        except api.ChannelHttpError as error:
            logger.warning("Could not fetch a Telegram file: %s", error)
            errors.append(
                too_large
                if "too large" in str(error)
                else ValidationError(
                    gettext_lazy("The file “%(name)s” is damaged or could not be read."),
                    params={"name": ref.name},
                )
            )
            continue
        try:
            cleaned.append(clean_upload(name=ref.name, data=data))
        except ValidationError as error:
            errors.append(error)
    return cleaned, errors


def _step_of(inbound: Inbound) -> str:
    """The current step, read without a lock: only to decide whether files are worth fetching."""
    keys = address_hashes(channel=Channel.TELEGRAM, address=inbound.chat_id)
    conversation = Conversation.objects.filter(channel=Channel.TELEGRAM, address_hash__in=keys).first()
    return str(conversation_state(conversation=conversation).get("step", "")) if conversation else ""


def update_handle(inbound: Inbound) -> None:
    files: list[CleanFile] = []
    errors: list[ValidationError] = []
    if inbound.files and _step_of(inbound) in FILE_STEPS:
        files, errors = _fetch(inbound.files)
    with transaction.atomic():
        conversation = conversation_lock(channel=Channel.TELEGRAM, address=inbound.chat_id)
        with translation.override(conversation.language):
            turn = Turn(conversation=conversation, state={}, chat_id=inbound.chat_id)
            if conversation_expired(conversation=conversation):
                conversation_clear(conversation=conversation)
                turn.say(_("Your unfinished report was deleted after a day without activity."))
            turn.state = conversation_state(conversation=conversation)
            if inbound.files and turn.step not in FILE_STEPS:
                turn.say(
                    _("Photos and voice notes can be sent when you describe what happened, or after /status.")
                )
            message = Message(text=inbound.text, data=inbound.callback_data, files=files, file_errors=errors)
            dispatch(turn, message)
            outbox = [(str(text), buttons) for text, buttons in turn.outbox]
        if turn.forgotten:
            pass
        elif turn.cleared:
            conversation_clear(conversation=conversation)
        else:
            conversation_save(conversation=conversation, state=turn.state)
    _send(inbound, outbox)


def _send(inbound: Inbound, outbox: list[tuple[str, api.Buttons | None]]) -> None:
    try:
        if inbound.callback_id:
            api.answer_callback(callback_id=inbound.callback_id)
        for text, buttons in outbox:
            api.send_message(chat_id=inbound.chat_id, text=text, buttons=buttons)
    except api.ChannelHttpError as error:
        logger.warning("Could not answer on Telegram: %s", error)


assert set(REPORT_STEPS) == set(report.HANDLERS)  # every step of a report has its handler
