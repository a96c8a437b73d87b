"""The case page and its actions (one POST endpoint per action, redirect after success)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.models import User
from ourvoice.cases import handling, selectors
from ourvoice.cases.access import access_case_by_id, can_handle, can_see_contact, cases_visible_to
from ourvoice.cases.forms import AssignForm, DuplicateForm, MessageForm, NoteForm, StatusForm, TransferForm
from ourvoice.cases.models import Case, Status
from ourvoice.cases.services import case_transition
from ourvoice.cases.workflow import NEEDS_REASON, TRANSITIONS, IllegalTransition
from ourvoice.catalogue import case_page as public_answers
from ourvoice.feedback.models import SCORECARD_INDICATORS
from ourvoice.messaging.services import message_post_by_office
from ourvoice.offices.models import Office


def _forms(case: Case, data: Any = None, action: str = "", reply: str = "") -> dict[str, Any]:
    """Every form of the page; the one that was posted is bound to its data. ``reply``: the text
    of a response template chosen to start the message from."""
    forms = {
        "message": MessageForm(
            data if action == "message" else None, initial={"body": reply} if reply else None
        ),
        "note": NoteForm(data if action == "note" else None),
        "status": StatusForm(data if action == "status" else None),
        "assign": AssignForm(data if action == "assign" else None),
        "transfer": TransferForm(data if action == "transfer" else None),
        "duplicate": DuplicateForm(data if action == "duplicate" else None),
        **public_answers.forms_for(case=case, data=data, action=action),
    }
    colleagues = handling.assignable_users(case=case)
    assignee_field: Any = forms["assign"].fields["assignee"]
    assignee_field.choices = [("", "-")] + [(u.pk, u.get_full_name() or u.get_username()) for u in colleagues]
    office_field: Any = forms["transfer"].fields["office"]
    khmer = (get_language() or "km").startswith("km")
    targets = handling.transfer_targets(case=case)
    office_field.choices = [(o.pk, o.name_km if khmer else o.name_en) for o in targets]
    return forms


def _render(
    request: HttpRequest,
    case: Case,
    *,
    forms: dict[str, Any] | None = None,
    contact: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    handling.case_read_record(case=case, user=user, what="page")  # type: ignore[arg-type]
    scores = case.feedback.scores if isinstance(case.feedback.scores, dict) else {}
    content = selectors.case_content(user=user, case=case)
    context = {
        "case": case,
        "feedback": case.feedback,
        "deidentified": content.deidentified,
        "description": content.description,
        "answers": content.answers,
        "scores": [(label, scores[key]) for key, label in SCORECARD_INDICATORS.items() if key in scores],
        "events": content.events,
        "messages_": content.messages,
        "attachments": content.attachments,
        "templates": selectors.response_templates_for(case=case),
        "similar": selectors.similar_cases(user=user, case=case),
        "can_handle": can_handle(user=user, case=case),
        "can_see_contact": can_see_contact(user=user, case=case),
        "targets": [(s.value, s.label) for s in Status if s in TRANSITIONS.get(case.status, ())],
        "needs_reason": sorted(NEEDS_REASON),
        "contact": contact,
        "forms": forms or _forms(case),
        "duplicate_of": getattr(case.feedback, "duplicate_of", None),
        **public_answers.context_for(user=user, case=case),
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _template_text(case: Case, query: Any) -> str:
    """The text of the response template chosen by ``?template=<id>&text=km|en`` (one of the
    case's templates; anything else is ignored)."""
    template_id = str(query.get("template", ""))
    if not template_id.isdigit() or len(template_id) > 12:
        return ""
    template = selectors.response_templates_for(case=case).filter(pk=int(template_id)).first()
    if template is None:
        return ""
    return template.body_en if query.get("text") == "en" and template.body_en else template.body_km


@require_GET
@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case; ``?template=<id>`` starts the reply from a response template (a link, no script)."""
    case = access_case_by_id(user=request.user, case_id=case_id)
    reply = _template_text(case, request.GET) if can_handle(user=request.user, case=case) else ""
    return _render(request, case, forms=_forms(case, reply=reply) if reply else None)


def _message(user: User, case: Case, data: dict[str, Any]) -> None:
    message_post_by_office(case=case, author=user, body=data["body"], ask_citizen=data["ask_citizen"])


def _note(user: User, case: Case, data: dict[str, Any]) -> None:
    handling.case_note_add(case=case, user=user, text=data["text"])


def _status(user: User, case: Case, data: dict[str, Any]) -> None:
    try:
        case_transition(case=case, to_status=data["to_status"], actor=user, reason=data["reason"])
    except IllegalTransition:
        raise ValidationError({"to_status": str(IllegalTransition(case.status, data["to_status"]))}) from None


def _assign(user: User, case: Case, data: dict[str, Any]) -> None:
    assignee = User.objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
    handling.case_assign(case=case, user=user, assignee=assignee)


def _transfer(user: User, case: Case, data: dict[str, Any]) -> None:
    office = Office.objects.get(pk=data["office"])
    handling.case_transfer(case=case, user=user, office=office, reason=data["reason"])


def _duplicate(user: User, case: Case, data: dict[str, Any]) -> None:
    # The original must be visible too: an unknown id is the same 404 as an invisible one.
    original = access_case_by_id(user=user, case_id=data["original"])
    handling.case_mark_duplicate(case=case, user=user, original=original)


ACTIONS: dict[str, Callable[[User, Case, dict[str, Any]], None]] = {
    "message": _message,
    "note": _note,
    "status": _status,
    "assign": _assign,
    "transfer": _transfer,
    "duplicate": _duplicate,
    **public_answers.ACTIONS,  # publish / withdraw a public answer (catalogue)
}


@require_POST
@staff_required
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case = access_case_by_id(user=user, case_id=case_id)
    if action == "contact":
        return _render(request, case, contact=handling.case_contact_reveal(case=case, user=user))
    if action not in ACTIONS:
        raise Http404
    if action in public_answers.ACTIONS and not public_answers.allowed(user=user, case=case, action=action):
        raise Http404
    if not can_handle(user=user, case=case):
        raise PermissionDenied
    forms = _forms(case, request.POST, action)
    form = forms[action]
    if form.is_valid():
        try:
            ACTIONS[action](user, case, form.cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            if not cases_visible_to(user=user).filter(pk=case.pk).exists():
                return redirect("cases:inbox")  # transferred out of the user's scope
            return redirect("cases:detail", case_id=case.pk)
    case = access_case_by_id(user=user, case_id=case_id)
    return _render(request, case, forms=forms, status=400)
