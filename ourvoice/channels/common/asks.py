"""The questions a chat report asks after its topic (Telegram asks all, SMS the required ones):
whether a complaint is about the office (topics that ask it: cases/routing.py), the category's
guided questions, the fee questions of categories that ask about fees, and the scorecard of an
evaluation.

Each answer is checked here the way the web form checks it, and ``feedback_submit`` checks all
of them again: the bot never stores an answer the service would refuse.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.answers import validate_answers
from ourvoice.feedback.models import SCORECARD_INDICATORS, Category, Kind, Question
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import office_handling_complaint_about

MAX_RIEL = 10**12
ABOUT_OFFICE = "route.about_office"
YESNO = Question.Datatype.YESNO


@dataclass(frozen=True)
class Ask:
    key: str  # "route.about_office", "answers.<code>", "fee.<field>" or "scores.<indicator>"
    label: str
    datatype: str  # a Question.Datatype, or "score"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    required: bool = False


def _question_ask(question: Question, language: str) -> Ask:
    label = question.label_km if language == "km" else question.label_en
    choices = tuple(
        (str(c.get("value")), str(c.get("km") if language == "km" else c.get("en") or c.get("km")))
        for c in question.choices
    )
    return Ask(f"answers.{question.code}", label, question.datatype, choices, question.required)


def about_office_ask(*, office: Office | None, language: str) -> Ask:
    """The routing question, naming the office and where a "yes" sends the complaint."""
    if office is None:
        label = _("Is this complaint about the office or someone who works there?")
        return Ask(ABOUT_OFFICE, label, YESNO, (), True)
    name = office.name_km if language == "km" else office.name_en
    label = _("Is this complaint about %(office)s or someone who works there?") % {"office": name}
    overseer = office_handling_complaint_about(office=office)
    if overseer.pk != office.pk:
        label += " " + _(
            "If it is, your complaint goes to %(overseer)s, which oversees %(office)s, and %(office)s "
            "will not see it."
        ) % {"overseer": overseer.name_km if language == "km" else overseer.name_en, "office": name}
    return Ask(ABOUT_OFFICE, label, YESNO, (), True)


def asks_for(*, category: Category, language: str, office: Office | None = None) -> list[Ask]:
    asks = [about_office_ask(office=office, language=language)] if category.asks_about_office else []
    asks += [_question_ask(q, language) for q in category.questions.all()]
    if category.asks_fee:
        asks += [
            Ask("fee.service_name", _("Which service was it?"), Question.Datatype.TEXT),
            Ask("fee.official_fee", _("What is the official fee, in riel?"), Question.Datatype.NUMBER),
            Ask("fee.amount_paid", _("How much were you asked to pay, in riel?"), Question.Datatype.NUMBER),
            Ask("fee.receipt_given", _("Were you given an official receipt?"), Question.Datatype.YESNO),
        ]
    if category.kind == Kind.EVALUATION:
        for key, label in SCORECARD_INDICATORS.items():
            asks.append(
                Ask(
                    f"scores.{key}",
                    _("%(indicator)s: from 1 (very bad) to 5 (very good)?") % {"indicator": label},
                    "score",
                )
            )
    return asks


def _riel(raw: str) -> int:
    text = to_latin_digits(raw).replace(",", "").replace(" ", "").replace("៛", "").strip()
    value = int(text)  # ValueError for anything else
    if not 0 <= value <= MAX_RIEL:
        raise ValueError
    return value


def answer_check(*, category: Category, ask: Ask, raw: str) -> tuple[Any, str | None]:
    """The stored form of an answer, or an error message for the citizen."""
    group, _dot, code = ask.key.partition(".")
    if group == "answers":
        cleaned, errors = validate_answers(category=category, answers={code: raw})
        mine = errors.get(ask.key)
        return (None, mine[0]) if mine else (cleaned.get(code), None)
    if ask.datatype == "score":
        if raw in {"1", "2", "3", "4", "5"}:
            return int(raw), None
        return None, _("Each score is a number from 1 to 5.")
    if ask.datatype == Question.Datatype.NUMBER:
        try:
            return _riel(raw), None
        except ValueError:
            return None, _("Enter a whole number.")
    if ask.datatype == Question.Datatype.YESNO:
        if raw in {"yes", "no"}:
            return raw == "yes", None
        return None, _("Answer yes or no.")
    text = raw.strip()[:200]
    return (text, None) if text else (None, _("Please answer this question."))
