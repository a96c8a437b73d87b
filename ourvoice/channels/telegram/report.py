"""The guided report in the chat: kind → place → office → topic and its questions → what
happened (text, voice notes, photos) → optional profile → consent to updates → confirmation →
receipt. Every report goes through ``feedback_submit`` with the Telegram channel."""

from collections.abc import Callable
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ourvoice.channels.common.asks import Ask, answer_check, asks_for
from ourvoice.channels.common.models import PendingFile
from ourvoice.channels.common.services import (
    pending_file_add,
    pending_uploads,
    subscription_create,
    throttle_client,
)
from ourvoice.channels.telegram.places import place_choose, place_prompt, place_search_buttons
from ourvoice.channels.telegram.turn import Message, Turn
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback import throttle
from ourvoice.feedback.models import (
    DESCRIPTION_MAX_LENGTH,
    AgeBand,
    Category,
    Channel,
    Disability,
    Gender,
    Kind,
)
from ourvoice.feedback.services import ALREADY_RECEIVED, AlreadyReceived, FeedbackInput, feedback_submit
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import offices_serving_commune
from ourvoice.web.kinds import ACTIONS_BY_KIND

DONE, SKIP, SEND, CANCEL = "done", "skip", "send", "cancel"


def kind_buttons() -> list[list[tuple[str, str]]]:
    rows = [[(str(ACTIONS_BY_KIND[kind].title), f"k:{kind}")] for kind in Kind.values]
    return [*rows, [(_("Follow a case with its receipt"), "k:track")]]


def report_start(turn: Turn) -> None:
    PendingFile.objects.filter(conversation=turn.conversation).delete()
    turn.state["draft"] = {"token": uuid4().hex, "answers": {}, "fee": {}, "scores": {}, "text": []}
    turn.goto("kind")
    prompt(turn)


# --- prompts: what the bot asks at each step (also used to resume) -------------------------


def _category(turn: Turn) -> Category:
    return Category.objects.prefetch_related("questions").get(pk=turn.draft["category"])


def _asks(turn: Turn) -> list[Ask]:
    office = Office.objects.filter(pk=turn.draft.get("office") or 0).first()
    return asks_for(category=_category(turn), language=turn.language, office=office)


def _files_count(turn: Turn) -> int:
    return PendingFile.objects.filter(conversation=turn.conversation).count()


def _ask_prompt(turn: Turn) -> None:
    ask = _asks(turn)[turn.draft["q"]]
    buttons: list[list[tuple[str, str]]] = []
    if ask.datatype == "choice":
        buttons = [[(label[:60], f"a:{i}")] for i, (_value, label) in enumerate(ask.choices)]
    elif ask.datatype == "yesno":
        buttons = [[(_("Yes"), "a:yes"), (_("No"), "a:no")]]
    elif ask.datatype == "score":
        buttons = [
            [(to_khmer_digits(str(n)) if turn.language == "km" else str(n), f"a:{n}") for n in range(1, 6)]
        ]
    if not ask.required:
        buttons.append([(_("Skip this question"), SKIP)])
    hint = "" if buttons and ask.datatype != "text" else "\n" + _("Type your answer.")
    if ask.datatype in ("number", "date", "text"):
        hint = "\n" + _("Type your answer.")
    turn.say(ask.label + hint, buttons or None)


def _profile_buttons(
    choices: type[Gender] | type[AgeBand] | type[Disability], prefix: str
) -> list[list[tuple[str, str]]]:
    rows = [[(str(label), f"{prefix}:{value}")] for value, label in choices.choices if value != "not_said"]
    rows.append([(str(choices("not_said").label), f"{prefix}:not_said")])
    return rows


def prompt(turn: Turn) -> None:
    step, draft = turn.step, turn.draft
    if step == "kind":
        turn.say(_("What do you want to do?"), kind_buttons())
    elif step == "place":
        place_prompt(turn)
    elif step == "office":
        offices = offices_serving_commune(commune_code=draft["commune"])
        buttons = [[(turn.name(o.name_km, o.name_en)[:60], f"o:{o.pk}")] for o in offices]
        turn.say(_("Which office is it about?"), buttons)
    elif step == "category":
        categories = Category.objects.filter(kind=draft["kind"], is_active=True)
        buttons = [[(turn.name(c.name_km, c.name_en)[:60], f"g:{c.pk}")] for c in categories]
        turn.say(_("What is it about? Choose a topic."), buttons)
    elif step == "question":
        _ask_prompt(turn)
    elif step == "describe":
        turn.say(
            _(
                "Tell us in your own words: write a message, or send a voice note. You can add photos. "
                "Do not write your name unless you want to. Press “Done” when you have finished."
            ),
            [[(_("Done"), DONE)]],
        )
    elif step == "gender":
        turn.say(
            _("Optional: a few questions about you help to see whether services treat everyone fairly.")
            + "\n"
            + _("Gender?"),
            [*_profile_buttons(Gender, "pg"), [(_("Skip these questions"), SKIP)]],
        )
    elif step == "age":
        turn.say(_("Age?"), _profile_buttons(AgeBand, "pa"))
    elif step == "disability":
        turn.say(_("Do you have a disability?"), _profile_buttons(Disability, "pd"))
    elif step == "consent":
        turn.say(
            _(
                "Would you like a short message in this chat when there is news about your case? "
                "We would then keep this chat's address, encrypted, only for that. "
                "You can stop it at any time with /forget."
            ),
            [[(_("Yes, tell me here"), "y"), (_("No, thank you"), "n")]],
        )
    elif step == "confirm":
        _summary(turn)


def _summary(turn: Turn) -> None:
    draft = turn.draft
    commune = Commune.objects.select_related("district__province").get(code=draft["commune"])
    office = Office.objects.get(pk=draft["office"])
    category = Category.objects.get(pk=draft["category"])
    files = list(PendingFile.objects.filter(conversation=turn.conversation).values_list("kind", flat=True))
    text = "\n\n".join(draft["text"])
    district = turn.name(commune.district.name_km, commune.district.name_en)
    lines = [
        _("Please check your report:"),
        f"• {ACTIONS_BY_KIND[draft['kind']].title}",
        f"• {turn.name(commune.name_km, commune.name_en)}, {district}",
        f"• {turn.name(office.name_km, office.name_en)}",
        f"• {turn.name(category.name_km, category.name_en)}",
    ]
    if "about_office" in draft.get("route", {}):
        about = _("Yes") if draft["route"]["about_office"] else _("No")
        lines.append("• " + _("About the office or someone who works there: %(answer)s") % {"answer": about})
    if text:
        lines.append(f"• {text[:300]}{'…' if len(text) > 300 else ''}")
    if files:
        lines.append(
            "• "
            + _("Voice notes: %(voice)d, photos: %(photos)d")
            % {"voice": files.count("audio"), "photos": files.count("image")}
        )
    lines.append(
        _("Updates in this chat: %(answer)s") % {"answer": _("Yes") if draft.get("consent") else _("No")}
    )
    turn.say("\n".join(lines), [[(_("Send"), SEND), (_("Cancel"), CANCEL)]])


# --- handlers: what the citizen's answer does at each step ---------------------------------


def _next_question_or_describe(turn: Turn, index: int) -> None:
    if index < len(_asks(turn)):
        turn.draft["q"] = index
        turn.goto("question")
    else:
        turn.goto("describe")
    prompt(turn)


def _on_kind(turn: Turn, message: Message) -> None:
    kind = message.data.removeprefix("k:")
    if kind not in Kind.values:
        return prompt(turn)
    turn.draft["kind"] = kind
    turn.goto("place")
    prompt(turn)


def _on_place(turn: Turn, message: Message) -> None:
    if message.data:
        if place_choose(turn, message.data):
            turn.goto("office")
        return prompt(turn)
    if not message.text or not place_search_buttons(turn, message.text):
        turn.say(_("No place was found with that name. Check the spelling or choose from the list."))
        prompt(turn)


def _on_office(turn: Turn, message: Message) -> None:
    serving = {str(o.pk) for o in offices_serving_commune(commune_code=turn.draft["commune"])}
    office = message.data.removeprefix("o:")
    if not message.data.startswith("o:") or office not in serving:
        return prompt(turn)
    turn.draft["office"] = int(office)
    turn.goto("category")
    prompt(turn)


def _on_category(turn: Turn, message: Message) -> None:
    pk = message.data.removeprefix("g:")
    valid = Category.objects.filter(
        kind=turn.draft["kind"], is_active=True, pk=int(pk) if pk.isdigit() else 0
    )
    if not message.data.startswith("g:") or not valid.exists():
        return prompt(turn)
    turn.draft.update(category=int(pk), answers={}, fee={}, scores={}, route={})
    _next_question_or_describe(turn, 0)


def _on_question(turn: Turn, message: Message) -> None:
    index = int(turn.draft.get("q", 0))
    asks = _asks(turn)
    if index >= len(asks):
        return _next_question_or_describe(turn, index)
    ask = asks[index]
    if message.data == SKIP and not ask.required:
        return _next_question_or_describe(turn, index + 1)
    if message.data.startswith("a:"):
        raw = message.data[2:]
        if ask.datatype == "choice" and raw.isdigit() and int(raw) < len(ask.choices):
            raw = ask.choices[int(raw)][0]
    elif message.text and ask.datatype in ("text", "number", "date"):
        raw = message.text
    else:
        return prompt(turn)
    value, error = answer_check(category=_category(turn), ask=ask, raw=raw)
    if error:
        turn.say(error)
        return prompt(turn)
    group, _dot, code = ask.key.partition(".")
    turn.draft.setdefault(group, {})[code] = value
    _next_question_or_describe(turn, index + 1)


def _on_describe(turn: Turn, message: Message) -> None:
    from django.conf import settings

    draft = turn.draft
    for error in message.file_errors:
        turn.say(" ".join(error.messages))
    if message.text:
        if len("\n\n".join([*draft["text"], message.text])) > DESCRIPTION_MAX_LENGTH:
            turn.say(_("Keep your message under %(max)d characters.") % {"max": DESCRIPTION_MAX_LENGTH})
        else:
            draft["text"].append(message.text)
    for clean in message.files:
        if _files_count(turn) >= settings.UPLOAD_MAX_FILES:
            turn.say(_("You can attach at most %(count)d files.") % {"count": settings.UPLOAD_MAX_FILES})
            break
        pending_file_add(conversation=turn.conversation, clean=clean)
        turn.say(
            _("Voice note received.") if clean.kind == "audio" else _("File received."), [[(_("Done"), DONE)]]
        )
    if message.text and not message.files:
        turn.say(_("Received. Add more, or press “Done”."), [[(_("Done"), DONE)]])
    if message.data == DONE:
        has_audio = PendingFile.objects.filter(conversation=turn.conversation, kind="audio").exists()
        if not draft["text"] and not has_audio:
            turn.say(_("Tell us what happened or what you need: write a message or send a voice note."))
            return
        turn.goto("gender")
        prompt(turn)


def _on_profile(
    field: str, prefix: str, choices: type[Gender] | type[AgeBand] | type[Disability], then: str
) -> Callable[[Turn, Message], None]:
    def handle(turn: Turn, message: Message) -> None:
        if field == "gender" and message.data == SKIP:
            turn.goto("consent")
            return prompt(turn)
        value = message.data.removeprefix(f"{prefix}:")
        if not message.data.startswith(f"{prefix}:") or value not in choices.values:
            return prompt(turn)
        turn.draft[field] = value
        turn.goto(then)
        prompt(turn)

    return handle


def _on_consent(turn: Turn, message: Message) -> None:
    if message.data not in ("y", "n"):
        return prompt(turn)
    turn.draft["consent"] = message.data == "y"
    turn.goto("confirm")
    prompt(turn)


def _receipt_text(turn: Turn, digits: str) -> str:
    grouped = " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return "\n".join(
        [
            _("Your report was sent. Thank you."),
            _("Your receipt code:"),
            to_khmer_digits(grouped),
            grouped,
            _(
                "Keep it safe and do not share it: it is the only way to follow your case. "
                "Send /status and this code to see the answer. You may delete this message "
                "once you have written the code down."
            ),
        ]
    )


def cancel(turn: Turn) -> None:
    """/cancel, and the Cancel button under a finished draft (conversation.py uses it too)."""
    turn.cleared = True
    turn.state = {}
    turn.say(_("Cancelled: nothing was sent and your draft was deleted. Send /new to start again."))


def _on_confirm(turn: Turn, message: Message) -> None:
    if message.data == CANCEL:
        return cancel(turn)
    if message.data != SEND:
        return prompt(turn)
    draft = turn.draft
    description = "\n\n".join(draft["text"]).strip() or _("(The citizen sent a voice note.)")
    fee = draft.get("fee", {})
    data = FeedbackInput(
        kind=draft["kind"],
        category=_category(turn),
        description=description,
        channel=Channel.TELEGRAM,
        commune=Commune.objects.get(code=draft["commune"]),
        office=Office.objects.get(pk=draft["office"]),
        answers=draft.get("answers", {}),
        service_name=fee.get("service_name", ""),
        official_fee=fee.get("official_fee"),
        amount_paid=fee.get("amount_paid"),
        receipt_given=fee.get("receipt_given"),
        scores=draft.get("scores", {}),
        gender=draft.get("gender", "not_said"),
        age_band=draft.get("age", "not_said"),
        disability=draft.get("disability", "not_said"),
        about_office=draft.get("route", {}).get("about_office"),
    )
    try:
        with transaction.atomic():
            submission = feedback_submit(
                data=data,
                uploads=pending_uploads(conversation=turn.conversation),
                idempotency_key=f"telegram:{draft['token']}",
                client=throttle_client(channel=Channel.TELEGRAM, address=turn.chat_id),
            )
            if draft.get("consent"):
                subscription_create(
                    case=submission.case,
                    channel=Channel.TELEGRAM,
                    address=turn.chat_id,
                    language=turn.language,
                )
    except ValidationError as error:
        turn.say("\n".join(error.messages))
        if "about_office" in getattr(error, "error_dict", {}):  # a draft begun before it was asked
            turn.draft["q"] = 0
            turn.goto("question")
        else:
            turn.goto("describe")
        return prompt(turn)
    except throttle.Throttled as wait:
        turn.say(throttle.wait_message(wait))  # the draft is kept: "Send" works again later
        return prompt(turn)
    except AlreadyReceived:
        turn.say(str(ALREADY_RECEIVED))
        turn.cleared = True
        turn.state = {}
        return None
    turn.cleared = True
    turn.state = {}
    turn.say(_receipt_text(turn, submission.receipt.digits))


HANDLERS: dict[str, Callable[[Turn, Message], None]] = {
    "kind": _on_kind,
    "place": _on_place,
    "office": _on_office,
    "category": _on_category,
    "question": _on_question,
    "describe": _on_describe,
    "gender": _on_profile("gender", "pg", Gender, "age"),
    "age": _on_profile("age", "pa", AgeBand, "disability"),
    "disability": _on_profile("disability", "pd", Disability, "consent"),
    "consent": _on_consent,
    "confirm": _on_confirm,
}
