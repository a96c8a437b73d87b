"""A service's attributes (GeoReport ``service_definition``) and the values a client sends for them.

A complaint topic that asks whether the complaint is about the office (``Category.asks_about_office``)
starts with the required attribute ``about_office`` (yes/no: yes sends the complaint to the office
overseeing the one chosen, hidden from it). Then a category's guided questions, in their order; a
category that asks about fees adds four (which service, official fee, amount paid, official receipt
given) and an evaluation the scorecard (one attribute per indicator, 1 to 5). These reserved codes
are ``about_office`` and those starting with ``fee_`` and ``score_``. Values are only reshaped
here; ``feedback_submit`` and ``validate_answers`` judge them, exactly as for the web form and the
REST API.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.answers import TEXT_ANSWER_MAX
from ourvoice.feedback.models import SCORECARD_INDICATORS, Category, Kind, Question

AMOUNT_MAX = 10**12
FEE_SERVICE, FEE_OFFICIAL, FEE_PAID, FEE_RECEIPT = (
    "fee_service",
    "fee_official",
    "fee_paid",
    "fee_receipt_given",
)
SCORE_PREFIX = "score_"
ABOUT_OFFICE = "about_office"
_DATATYPES: dict[str, str] = {
    Question.Datatype.TEXT: "string",
    Question.Datatype.NUMBER: "number",
    Question.Datatype.DATE: "datetime",
    Question.Datatype.CHOICE: "singlevaluelist",
    Question.Datatype.YESNO: "singlevaluelist",
}
_TRUE, _FALSE = {"yes", "true", "1"}, {"no", "false", "0"}


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    required: bool
    description: str
    datatype_description: str | None = None
    values: list[tuple[str, str]] = field(default_factory=list)  # (key, name)


def _khmer() -> bool:
    return (get_language() or "km").startswith("km")


def _yes_no() -> list[tuple[str, str]]:
    return [("yes", _("Yes")), ("no", _("No"))]


def _question_attribute(question: Question) -> Attribute:
    lang = "km" if _khmer() else "en"
    values: list[tuple[str, str]] = []
    hint: str | None = None
    if question.datatype == Question.Datatype.CHOICE:
        values = [
            (str(c.get("value")), str(c.get(lang) or c.get("en") or c.get("value"))) for c in question.choices
        ]
    elif question.datatype == Question.Datatype.YESNO:
        values = _yes_no()
    elif question.datatype == Question.Datatype.NUMBER:
        hint = _("A whole number, for example 14.")
    elif question.datatype == Question.Datatype.DATE:
        hint = _("A date such as 2026-04-14; of a date and time, only the date is kept.")
    else:
        hint = _("At most %(max)d characters.") % {"max": TEXT_ANSWER_MAX}
    label = question.label_km if _khmer() else question.label_en
    return Attribute(question.code, _DATATYPES[question.datatype], question.required, label, hint, values)


def _fee_attributes() -> list[Attribute]:
    riel = _("In riel: a whole number, for example 20000.")
    return [
        Attribute(FEE_SERVICE, "string", False, _("Which service was it?"), _("At most 200 characters.")),
        Attribute(FEE_OFFICIAL, "number", False, _("Official fee in riel, if you know it"), riel),
        Attribute(FEE_PAID, "number", False, _("Amount you were asked for or paid, in riel"), riel),
        Attribute(
            FEE_RECEIPT, "singlevaluelist", False, _("Were you given an official receipt?"), None, _yes_no()
        ),
    ]


def about_office_attribute() -> Attribute:
    return Attribute(
        ABOUT_OFFICE,
        "singlevaluelist",
        True,
        _("Is this complaint about the office or someone who works there?"),
        _(
            "yes: it goes to the office that oversees the office chosen, and the office complained "
            "about never sees it. no: it goes to the office chosen."
        ),
        _yes_no(),
    )


def _score_attributes() -> list[Attribute]:
    values = [
        ("1", _("Very poor")),
        ("2", _("Poor")),
        ("3", _("Fair")),
        ("4", _("Good")),
        ("5", _("Very good")),
    ]
    return [
        Attribute(f"{SCORE_PREFIX}{key}", "singlevaluelist", False, str(label), None, values)
        for key, label in SCORECARD_INDICATORS.items()
    ]


def category_attributes(category: Category) -> list[Attribute]:
    """The attributes in the order they are shown (the spec's ``order`` is the position, from 1)."""
    routing = [about_office_attribute()] if category.asks_about_office else []
    questions = [
        _question_attribute(q)
        for q in sorted(category.questions.all(), key=lambda q: (q.order, q.pk))
        if not (routing and q.code == ABOUT_OFFICE)  # the routing question's code is reserved
    ]
    attributes = routing + questions
    taken = {a.code for a in attributes}
    extra = (_fee_attributes() if category.asks_fee else []) + (
        _score_attributes() if category.kind == Kind.EVALUATION else []
    )
    return attributes + [a for a in extra if a.code not in taken]


@dataclass
class Values:
    """What the attributes give to ``FeedbackInput``, and the values that could not be read."""

    answers: dict[str, object] = field(default_factory=dict)
    fees: dict[str, object] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    about_office: bool | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _amount(text: str) -> int | None:
    digits = to_latin_digits(text).replace(",", "").strip()
    if digits.isascii() and digits.isdigit() and int(digits) <= AMOUNT_MAX:
        return int(digits)
    return None


def _date_answer(text: str) -> str:
    """A datetime's date (the spec's ``datetime`` type); anything else goes to the validator as is."""
    latin = to_latin_digits(text).strip()
    if len(latin) > 10 and "T" in latin:
        try:
            return datetime.datetime.fromisoformat(latin.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            return text
    return text


def read_values(category: Category, raw: dict[str, list[str]]) -> Values:
    """Sort ``attribute[code]`` values into answers, fee fields and scores."""
    values = Values()
    reserved = {a.code: a for a in category_attributes(category)}
    questions = {q.code: q for q in category.questions.all()}
    dates = {code for code, q in questions.items() if q.datatype == Question.Datatype.DATE}
    for code, given in raw.items():
        texts = [text for text in given if text.strip()]
        name = f"attribute[{code}]"
        if len(texts) > 1:
            values.errors[name] = [_("Give one value for this attribute.")]
            continue
        if not texts:
            continue
        text = texts[0]
        if code == ABOUT_OFFICE and (category.asks_about_office or code not in questions):
            # Ignored where the topic does not ask it (always about the office, or not a complaint),
            # as the REST API ignores ``about_office``: a client may send it with every request.
            lowered = to_latin_digits(text).strip().lower()
            if not category.asks_about_office:
                continue
            if lowered not in _TRUE | _FALSE:
                values.errors[name] = [_("Answer yes or no.")]
                continue
            values.about_office = lowered in _TRUE
        elif code in dates:
            values.answers[code] = _date_answer(text)
        elif code == FEE_SERVICE and code in reserved:
            values.fees["service_name"] = text.strip()[:200]
        elif code in (FEE_OFFICIAL, FEE_PAID) and code in reserved:
            amount = _amount(text)
            if amount is None:
                values.errors[name] = [_("Enter a number between 0 and 1,000,000,000,000.")]
            values.fees["official_fee" if code == FEE_OFFICIAL else "amount_paid"] = amount
        elif code == FEE_RECEIPT and code in reserved:
            lowered = text.strip().lower()
            if lowered not in _TRUE | _FALSE:
                values.errors[name] = [_("Answer yes or no.")]
            values.fees["receipt_given"] = lowered in _TRUE
        elif code.startswith(SCORE_PREFIX) and code in reserved:
            score = to_latin_digits(text).strip()
            if score not in {"1", "2", "3", "4", "5"}:
                values.errors[name] = [_("Each score is a number from 1 to 5.")]
                continue
            values.scores[code.removeprefix(SCORE_PREFIX)] = int(score)
        else:
            values.answers[code] = text
    return values
