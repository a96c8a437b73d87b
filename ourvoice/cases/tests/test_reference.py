"""Issue 15 / SECURITY.md B1: staff see a reference unrelated to any digit of the receipt. For a
report of every topic, by every channel, neither the locator (the receipt's first 8 digits) nor any
other part of the receipt appears, in Latin or Khmer digits, on the pages staff and their
notifications use; the reference does."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
import itertools
import re

import pytest

from ourvoice.accounts.models import Role
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.models import Category, Channel, Question
from ourvoice.feedback.services import FeedbackInput, feedback_submit
from ourvoice.offices.models import Office

pytestmark = pytest.mark.django_db


def _answers(category: Category) -> dict[str, object]:
    """A valid answer to each required question of ``category``."""
    answers: dict[str, object] = {}
    samples: dict[str, object] = {
        Question.Datatype.TEXT.value: "ចម្លើយ",
        Question.Datatype.NUMBER.value: 3,
        Question.Datatype.DATE.value: datetime.date(2026, 1, 5).isoformat(),
        Question.Datatype.YESNO.value: True,
    }
    for question in category.questions.filter(required=True):
        first_choice = question.choices[0]["value"] if question.choices else "x"
        answers[question.code] = samples.get(question.datatype, first_choice)
    return answers


def test_staff_pages_show_the_reference_and_no_digit_of_the_receipt(
    area, staff, django_capture_on_commit_callbacks
):
    heads = {
        office.pk: staff(Role.OFFICE_HEAD, office, is_focal_point=True)
        for office in Office.objects.exclude(type=Office.Type.NATIONAL_OVERSIGHT)
    }
    categories = list(Category.objects.filter(is_active=True).order_by("kind", "code"))
    submissions = []
    for category, channel in zip(categories, itertools.cycle(Channel.values), strict=False):
        with django_capture_on_commit_callbacks(execute=True):
            submissions.append(
                feedback_submit(
                    data=FeedbackInput(
                        kind=category.kind,
                        category=category,
                        description="ពិពណ៌នា",
                        channel=channel,
                        commune=area.commune,
                        office=area.commune_office,
                        answers=_answers(category),
                        about_office=False if category.asks_about_office else None,
                    )
                )
            )
    assert len({s.case.office_id for s in submissions}) >= 3  # routing reached several offices
    secrets = [
        text
        for s in submissions
        for digits in (s.receipt.locator, s.receipt.secret, s.receipt.digits)
        for text in (digits, to_khmer_digits(digits))
    ]
    for office_id, user in heads.items():
        client = client_for(user)
        mine = [s for s in submissions if s.case.office_id == office_id]
        pages = {
            "inbox": client.get("/km/staff/cases/"),
            "notifications": client.get("/km/staff/notifications/"),
        }
        for response in pages.values():
            assert response.status_code == 200
            html = response.content.decode()
            assert not [secret for secret in secrets if secret in html]
            assert all(s.feedback.reference in html for s in mine)
        for s in mine:
            for lang in ("km", "en"):
                html = client.get(f"/{lang}/staff/cases/{s.case.pk}/").content.decode()
                assert s.feedback.reference in html
                assert not [secret for secret in secrets if secret in html]
    for s in submissions:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", s.feedback.reference)
        assert str(s.case).endswith(f" {s.feedback.reference}")  # "Case" in the active language
