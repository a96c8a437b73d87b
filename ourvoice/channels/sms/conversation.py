"""The SMS conversation: ``STATUS <receipt>``, and a short guided complaint or information request.

Keywords work in Latin letters or Khmer (``keywords.py``). A message written in Khmer script,
or ``LANG KM``, makes the replies Khmer (the default); ``LANG EN`` or ``EN`` makes them English.
Replies stay short: a Khmer SMS is UCS-2, 70 characters a part.

Guided report: COMPLAINT (or INFO) → commune code or name → topic number → for a complaint topic
that asks it, whether the complaint is about the office (cases/routing.py) → the topic's required
questions → the message → updates by SMS yes/no → the receipt. Everything goes through
``feedback_submit`` with the SMS channel; the office is the commune's first serving office.
"""

import re
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ourvoice.cases.models import Case
from ourvoice.channels.common.asks import Ask, answer_check
from ourvoice.channels.common.services import (
    address_forget,
    conversation_clear,
    conversation_expired,
    conversation_lock,
    conversation_save,
    conversation_state,
    subscription_create,
    throttle_client,
)
from ourvoice.channels.sms.keywords import has_khmer, help_text, meaning, split_keyword
from ourvoice.core.khmer import to_khmer_digits, to_latin_digits
from ourvoice.feedback import throttle
from ourvoice.feedback.models import DESCRIPTION_MAX_LENGTH, Category, Channel, Kind, Question
from ourvoice.feedback.receipts import parse_receipt
from ourvoice.feedback.services import (
    ALREADY_RECEIVED,
    AlreadyReceived,
    FeedbackInput,
    ReceiptRejected,
    feedback_submit,
    receipt_open,
)
from ourvoice.geo.models import Commune
from ourvoice.geo.selectors import Level, place_search
from ourvoice.messaging.models import Message
from ourvoice.offices.selectors import office_handling_complaint_about, offices_serving_commune

OPTIONS_SHOWN = 5


class Reply:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.forgotten = False
        self.cleared = False

    def say(self, text: str) -> None:
        self.texts.append(text)


def _n(language: str, number: int) -> str:
    return to_khmer_digits(str(number)) if language == "km" else str(number)


def _name(language: str, km: str, en: str) -> str:
    return km if language == "km" else en or km


# --- STATUS ------------------------------------------------------------------------------


def status_text(case: Case) -> str:
    text = _("Our Voice: your case is %(status)s.") % {"status": case.citizen_status_display()}
    latest = case.messages.filter(sender=Message.Sender.OFFICE).order_by("-created_at", "-id").first()
    if latest is not None and latest.body:  # empty once removed after the retention period
        body = latest.body if len(latest.body) <= 300 else latest.body[:299] + "…"
        text += " " + _("Office: %(message)s") % {"message": body}
    return text


def _status(phone: str, receipt_text: str, reply: Reply) -> None:
    try:
        case = receipt_open(
            receipt_text=receipt_text, client=throttle_client(channel=Channel.SMS, address=phone)
        )
    except throttle.Throttled as wait:
        minutes = max(1, (wait.retry_after + 59) // 60)
        reply.say(_("Too many attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes})
        return
    except ReceiptRejected:
        reply.say(_("No case matches this receipt code. Check the 20 digits."))
        return
    reply.say(status_text(case))


# --- the guided report -------------------------------------------------------------------


def _categories(kind: str) -> list[Category]:
    return list(Category.objects.filter(kind=kind, is_active=True).prefetch_related("questions"))


def _required(category: Category) -> list[Question]:
    return [q for q in category.questions.all() if q.required]


def _prompt(state: dict[str, Any], language: str, reply: Reply) -> None:
    step = state["step"]
    if step == "commune":
        reply.say(_("Send your commune code (6 digits) or the commune's name."))
    elif step == "commune_pick":
        lines = [_("Which one? Send its number.")]
        lines += [f"{_n(language, i + 1)} {label}" for i, (_code, label) in enumerate(state["options"])]
        reply.say("\n".join(lines))
    elif step == "category":
        lines = [_("Topic? Send its number.")]
        lines += [
            f"{_n(language, i + 1)} {_name(language, c.name_km, c.name_en)}"
            for i, c in enumerate(_categories(state["kind"]))
        ]
        reply.say("\n".join(lines))
    elif step == "question":
        question = _required(Category.objects.get(pk=state["category"]))[state["q"]]
        text = question.label_km if language == "km" else question.label_en
        if question.datatype == Question.Datatype.CHOICE:
            text += "\n" + "\n".join(
                f"{_n(language, i + 1)} {c.get('km') if language == 'km' else c.get('en')}"
                for i, c in enumerate(question.choices)
            )
        elif question.datatype == Question.Datatype.YESNO:
            text += " " + _("1 Yes, 2 No")
        reply.say(text)
    elif step == "about":
        office = offices_serving_commune(commune_code=state["commune"])[0]
        overseer = office_handling_complaint_about(office=office)
        reply.say(
            _(
                "About %(office)s or its staff? 1 Yes, 2 No. If yes, %(overseer)s handles it and "
                "%(office)s will not see it."
            )
            % {
                "office": _name(language, office.name_km, office.name_en),
                "overseer": _name(language, overseer.name_km, overseer.name_en),
            }
        )
    elif step == "text":
        reply.say(_("Now write your message (no name needed)."))
    elif step == "consent":
        reply.say(_("Get an SMS when there is news? 1 Yes, 2 No. We then keep your number, encrypted."))


def _commune_options(text: str, language: str) -> list[tuple[str, str]]:
    digits = to_latin_digits(text).strip()
    if re.fullmatch(r"\d{6}", digits):
        commune = Commune.objects.select_related("district").filter(code=digits).first()
        return [(commune.code, _name(language, commune.name_km, commune.name_en))] if commune else []
    options: list[tuple[str, str]] = []
    for match in place_search(query=text, limit=20):
        if match.level is Level.COMMUNE and match.district:
            code, name, above = match.code, _name(language, match.name_km, match.name_en), match.district
        elif match.level is Level.VILLAGE and match.commune and match.district:
            code, name, above = (
                match.commune.code,
                _name(language, match.commune.name_km, match.commune.name_en),
                match.district,
            )
        else:
            continue
        if code not in [o[0] for o in options]:
            options.append((code, f"{name} ({_name(language, above.name_km, above.name_en)})"))
    return options[:OPTIONS_SHOWN]


def _number(text: str, count: int) -> int | None:
    digits = to_latin_digits(text).strip().rstrip(".")
    return int(digits) - 1 if digits.isdigit() and 1 <= int(digits) <= count else None


def _after_category(state: dict[str, Any]) -> None:
    category = Category.objects.get(pk=state["category"])
    if category.asks_about_office and "about_office" not in state:
        state["step"] = "about"
        return
    questions = _required(category)
    state["step"], state["q"] = ("question", 0) if questions else ("text", 0)


def _submit(phone: str, state: dict[str, Any], language: str, reply: Reply) -> None:
    category = Category.objects.prefetch_related("questions").get(pk=state["category"])
    data = FeedbackInput(
        kind=state["kind"],
        category=category,
        description=state["text"],
        channel=Channel.SMS,
        commune=Commune.objects.get(code=state["commune"]),
        answers=state.get("answers", {}),
        about_office=state.get("about_office"),
    )
    client = throttle_client(channel=Channel.SMS, address=phone)
    try:
        with transaction.atomic():
            submission = feedback_submit(data=data, idempotency_key=f"sms:{state['token']}", client=client)
            if state.get("consent"):
                subscription_create(
                    case=submission.case, channel=Channel.SMS, address=phone, language=language
                )
    except ValidationError as error:
        reply.say(" ".join(error.messages))
        if "about_office" in getattr(error, "error_dict", {}):  # begun before the question was asked
            state["step"] = "about"
            _prompt(state, language, reply)
        return
    except throttle.Throttled as wait:
        reply.say(throttle.wait_message(wait))  # the conversation is kept: answering again sends it
        return
    except AlreadyReceived:
        reply.say(str(ALREADY_RECEIVED))
        reply.cleared = True
        return
    digits = submission.receipt.grouped()
    reply.say(
        _("Sent. Your receipt: %(receipt)s. Keep it secret. To follow: STATUS and the receipt.")
        % {"receipt": to_khmer_digits(digits) if language == "km" else digits}
    )
    reply.cleared = True


def _step(phone: str, state: dict[str, Any], text: str, language: str, reply: Reply) -> None:
    step = state["step"]
    if step in ("commune", "commune_pick"):
        picked = _number(text, len(state.get("options", []))) if step == "commune_pick" else None
        if picked is not None:
            state["commune"], state["step"] = state["options"][picked][0], "category"
        else:
            options = _commune_options(text, language)
            if len(options) == 1:
                state["commune"], state["step"] = options[0][0], "category"
            elif options:
                state["options"], state["step"] = options, "commune_pick"
            else:
                reply.say(_("No commune found with that name or code."))
                state["step"] = "commune"
    elif step == "category":
        categories = _categories(state["kind"])
        picked = _number(text, len(categories))
        if picked is None:
            reply.say(_("Send one of the numbers."))
        else:
            state.pop("about_office", None)
            state["category"] = categories[picked].pk
            _after_category(state)
    elif step == "about":
        answer = meaning(text)
        if answer not in ("yes", "no"):
            reply.say(_("Send 1 for yes or 2 for no."))
        else:
            state["about_office"] = answer == "yes"
            if "text" in state and "consent" in state:  # asked again just before sending
                return _submit(phone, state, language, reply)
            _after_category(state)
    elif step == "question":
        category = Category.objects.prefetch_related("questions").get(pk=state["category"])
        question = _required(category)[state["q"]]
        raw = text
        if (
            question.datatype == Question.Datatype.CHOICE
            and (i := _number(text, len(question.choices))) is not None
        ):
            raw = str(question.choices[i].get("value"))
        elif question.datatype == Question.Datatype.YESNO:
            raw = {"yes": "yes", "no": "no"}.get(meaning(text), text)
        value, error = answer_check(
            category=category, ask=Ask(f"answers.{question.code}", "", question.datatype), raw=raw
        )
        if error:
            reply.say(error)
        else:
            state.setdefault("answers", {})[question.code] = value
            state["q"] += 1
            if state["q"] >= len(_required(category)):
                state["step"] = "text"
    elif step == "text":
        if not text.strip():
            reply.say(_("Tell us what happened or what you need."))
        elif len(text) > DESCRIPTION_MAX_LENGTH:
            reply.say(_("Keep your message under %(max)d characters.") % {"max": DESCRIPTION_MAX_LENGTH})
        else:
            state["text"], state["step"] = text.strip(), "consent"
    elif step == "consent":
        answer = meaning(text)
        if answer not in ("yes", "no"):
            reply.say(_("Send 1 for yes or 2 for no."))
        else:
            state["consent"] = answer == "yes"
            return _submit(phone, state, language, reply)
    _prompt(state, language, reply)


# --- one SMS -----------------------------------------------------------------------------


def _language_word(keyword: str, rest: str) -> str:
    """ "en" or "km" when the message only chooses a language (LANG EN, EN, ភាសា ខ្មែរ)."""
    if keyword == "lang" and meaning(rest) in ("en", "km"):
        return meaning(rest)
    return keyword if keyword in ("en", "km") and not rest else ""


def sms_reply(*, phone: str, text: str) -> list[str]:
    """Handle one inbound SMS; returns the replies to send (in one transaction, nothing sent)."""
    with transaction.atomic():
        conversation = conversation_lock(channel=Channel.SMS, address=phone)
        if conversation_expired(conversation=conversation):
            conversation_clear(conversation=conversation)
        state = conversation_state(conversation=conversation)
        keyword, rest = split_keyword(text)
        chosen = _language_word(keyword, rest)
        conversation.language = chosen or ("km" if has_khmer(text) else conversation.language)
        reply = Reply()
        with translation.override(conversation.language):
            if chosen:
                reply.say(_("Our Voice will answer in English."))
                if state:
                    _prompt(state, conversation.language, reply)
            else:
                _dispatch(phone, state, text, keyword, rest, conversation.language, reply)
            texts = [str(t) for t in reply.texts]
        if reply.forgotten:
            return texts
        if reply.cleared:
            conversation_clear(conversation=conversation)
        else:
            conversation_save(conversation=conversation, state=state)
    return texts


def _dispatch(
    phone: str, state: dict[str, Any], text: str, keyword: str, rest: str, language: str, reply: Reply
) -> None:
    """Keywords count alone (STOP, CANCEL, HELP, COMPLAINT, INFO) or with a receipt (STATUS), so
    that a message that merely starts with one of these words is still a message."""
    alone = not rest.strip()
    if keyword == "status" and (parse_receipt(rest) is not None or not state):
        return _status(phone, rest, reply)
    if not state and parse_receipt(text) is not None:
        return _status(phone, text, reply)
    if keyword == "stop" and alone:
        address_forget(channel=Channel.SMS, address=phone)
        reply.forgotten = True
        return reply.say(_("Our Voice: stopped. No more SMS, and your number was deleted."))
    if keyword == "cancel" and alone:
        reply.cleared = True
        return reply.say(_("Cancelled. Nothing was sent."))
    if keyword in ("complaint", "information") and alone:
        state.clear()
        kind = Kind.COMPLAINT if keyword == "complaint" else Kind.INFORMATION
        state.update(step="commune", kind=kind, token=uuid4().hex)
        return _prompt(state, language, reply)
    if (keyword == "help" and alone) or not state:
        return reply.say(help_text())
    _step(phone, state, text, language, reply)
