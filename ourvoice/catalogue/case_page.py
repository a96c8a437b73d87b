"""Public answers on the staff case page (``cases/views/case.py`` plugs these in): the forms,
what the page shows, and the two actions, ``publish`` and ``withdraw``.

An action that the user may not take on this case answers 404 (``allowed``), like a case they
may not see: publishing is for staff who may handle a non-sensitive information request;
withdrawing for the head of the office whose answer it is.
"""

from typing import Any

from django import forms

from ourvoice.accounts.access import AnyUser
from ourvoice.accounts.models import User
from ourvoice.cases.models import Case
from ourvoice.catalogue.access import can_publish_answer, can_withdraw_answer, case_may_become_public
from ourvoice.catalogue.forms import PublishAnswerForm
from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.catalogue.services import public_answer_publish, public_answer_withdraw


def live_answer(*, case: Case) -> PublicAnswer | None:
    return PublicAnswer.objects.filter(case=case, withdrawn_at__isnull=True).select_related("service").first()


def forms_for(*, case: Case, data: Any = None, action: str = "") -> dict[str, forms.Form]:
    if not case_may_become_public(case=case):
        return {}
    return {
        "publish": PublishAnswerForm(data if action == "publish" else None, case=case),
        "withdraw": forms.Form(data if action == "withdraw" else None),
    }


def context_for(*, user: AnyUser, case: Case) -> dict[str, Any]:
    answer = live_answer(case=case)
    return {
        "public_answer": answer,
        "can_publish_answer": answer is None and can_publish_answer(user=user, case=case),
        "can_withdraw_answer": answer is not None and can_withdraw_answer(user=user, answer=answer),
    }


def allowed(*, user: AnyUser, case: Case, action: str) -> bool:
    context = context_for(user=user, case=case)
    return bool(context["can_publish_answer"] if action == "publish" else context["can_withdraw_answer"])


def _publish(user: User, case: Case, data: dict[str, Any]) -> None:
    service = Service.objects.filter(pk=data["service"]).first() if data["service"] else None
    public_answer_publish(
        case=case,
        user=user,
        question=data["question"],
        answer=data["answer"],
        language=data["language"],
        service=service,
    )


def _withdraw(user: User, case: Case, data: dict[str, Any]) -> None:
    answer = live_answer(case=case)
    if answer is not None:
        public_answer_withdraw(answer=answer, user=user)


ACTIONS = {"publish": _publish, "withdraw": _withdraw}
