"""Validation of answers to a category's guided questions, shared by every channel."""

import datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.models import Category, Question

TEXT_ANSWER_MAX = 500
_TRUE = {"true", "yes", "1", "on", "y"}
_FALSE = {"false", "no", "0", "off", "n"}


def question_label(question: Question) -> str:
    return question.label_km if (get_language() or "km").startswith("km") else question.label_en


def _coerce(question: Question, raw: object) -> object:
    """The typed answer, or raise ValueError with a message for the citizen."""
    text = to_latin_digits(str(raw)).strip() if not isinstance(raw, bool | int) else raw
    if question.datatype == Question.Datatype.TEXT:
        if len(str(text)) > TEXT_ANSWER_MAX:
            raise ValueError(_("Keep this answer under %(max)d characters.") % {"max": TEXT_ANSWER_MAX})
        return str(text)
    if question.datatype == Question.Datatype.NUMBER:
        try:
            value = int(str(text).replace(",", ""))
        except ValueError:
            raise ValueError(_("Enter a whole number.")) from None
        if value < 0 or value > 10**12:
            raise ValueError(_("Enter a number between 0 and 1,000,000,000,000."))
        return value
    if question.datatype == Question.Datatype.DATE:
        try:
            value_date = datetime.date.fromisoformat(str(text))
        except ValueError:
            raise ValueError(_("Enter a date such as 2026-04-14.")) from None
        return value_date.isoformat()
    if question.datatype == Question.Datatype.YESNO:
        if isinstance(text, bool):
            return text
        lowered = str(text).lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise ValueError(_("Answer yes or no."))
    allowed = {str(choice.get("value")) for choice in question.choices}
    if str(text) not in allowed:
        raise ValueError(_("Choose one of the answers in the list."))
    return str(text)


def validate_answers(
    *, category: Category, answers: dict[str, object]
) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Clean answers keyed by question code; unknown codes are refused, required ones enforced."""
    questions = {q.code: q for q in category.questions.all()}
    cleaned: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for code in answers:
        if code not in questions:
            errors[f"answers.{code}"] = [_("This question does not belong to the chosen topic.")]
    for code, question in questions.items():
        raw = answers.get(code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if question.required:
                errors[f"answers.{code}"] = [_("Please answer this question.")]
            continue
        try:
            cleaned[code] = _coerce(question, raw)
        except ValueError as error:
            errors[f"answers.{code}"] = [str(error)]
    return cleaned, errors
