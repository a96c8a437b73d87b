"""Helpers of the citizen endpoint tests."""

from django.utils import translation

from ourvoice.cases.models import Case, Status
from ourvoice.cases.services import case_transition


def in_khmer(message: str, **params: object) -> str:
    """The project catalogue's Khmer for an English message; fails if there is none."""
    with translation.override("km"):
        khmer = translation.gettext(message)
    assert khmer != message, f"no Khmer for {message!r}"
    return khmer % params if params else khmer


def report_data(area, **overrides: object) -> dict:
    """A valid complaint about slow service at the commune office, as JSON."""
    data = {
        "kind": "complaint",
        "category": "slow-service",
        "commune": area.commune.code,
        "office": area.commune_office.pk,
        "description": "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។",
        # Complaint topics that ask it need the answer (ignored by the others): not about the office.
        "about_office": False,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def case_of(body: dict) -> Case:
    return Case.objects.get(feedback__reference=body["reference"])


def close(case: Case) -> Case:
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
        case = case_transition(case=case, to_status=status, actor=None)
    return case
