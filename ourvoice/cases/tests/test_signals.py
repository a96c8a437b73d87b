"""What the case domain announces (cases/signals.py): a subscriber connects in one line and hears
each status change, rating and staff message, inside the transaction (so it can queue its own
work with on_commit), and hears nothing of a change that was refused."""

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError

from ourvoice.accounts.models import Role, User
from ourvoice.cases.models import Status
from ourvoice.cases.services import case_rate, case_transition
from ourvoice.cases.signals import case_rated, case_status_changed, office_message_posted
from ourvoice.feedback.services import feedback_submit
from ourvoice.messaging.services import message_post_by_office


@pytest.fixture
def heard() -> Iterator[list[tuple[str, dict]]]:
    calls: list[tuple[str, dict]] = []

    def status(sender: object, **kwargs: object) -> None:
        calls.append(("status", kwargs))

    def rated(sender: object, **kwargs: object) -> None:
        calls.append(("rated", kwargs))

    def message(sender: object, **kwargs: object) -> None:
        calls.append(("message", kwargs))

    case_status_changed.connect(status)
    case_rated.connect(rated)
    office_message_posted.connect(message)
    yield calls
    case_status_changed.disconnect(status)
    case_rated.disconnect(rated)
    office_message_posted.disconnect(message)


def test_a_subscriber_hears_status_changes_ratings_and_office_messages(make_input, area, heard):
    clerk = User.objects.create(username="cs", role=Role.OFFICE_STAFF, office=area.commune_office)
    case = feedback_submit(data=make_input()).case
    case_transition(case=case, to_status=Status.ACKNOWLEDGED, actor=clerk)
    message = message_post_by_office(case=case, author=clerk, body="Which village?")
    for status in (Status.RESOLVED, Status.CLOSED):
        case_transition(case=case, to_status=status, actor=clerk)
    rating = case_rate(case=case, score=4)
    assert [name for name, _kwargs in heard] == ["status", "message", "status", "status", "rated"]
    assert [kwargs["case"].status for name, kwargs in heard if name == "status"] == [
        Status.ACKNOWLEDGED,
        Status.RESOLVED,
        Status.CLOSED,
    ]
    assert all(kwargs["case"].pk == case.pk for _name, kwargs in heard)
    assert heard[1][1]["message_id"] == message.pk and "body" not in heard[1][1]  # content-free
    assert heard[-1][1]["rating"] == rating


def test_a_refused_change_is_not_announced(make_input, heard):
    case = feedback_submit(data=make_input()).case
    with pytest.raises(ValidationError):
        case_rate(case=case, score=5)  # not closed yet
    assert heard == []
