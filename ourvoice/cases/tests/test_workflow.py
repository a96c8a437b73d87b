import pytest
from django.core.exceptions import ValidationError

from ourvoice.cases.models import CaseEvent, Rating, Status
from ourvoice.cases.services import case_rate, case_transition
from ourvoice.cases.workflow import TRANSITIONS, IllegalTransition
from ourvoice.feedback.services import feedback_submit


@pytest.fixture
def case(make_input):
    return feedback_submit(data=make_input()).case


def walk(case, *statuses):
    for status in statuses:
        case = case_transition(case=case, to_status=status, actor=None)
    return case


def test_the_main_path_writes_one_event_per_move(case):
    case = walk(
        case,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.CLOSED,
    )
    moves = [(e.from_status, e.to_status) for e in case.events.filter(type=CaseEvent.Type.STATUS)]
    assert moves == [
        ("received", "acknowledged"),
        ("acknowledged", "in_progress"),
        ("in_progress", "waiting"),
        ("waiting", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]


@pytest.mark.parametrize("current", list(Status))
def test_every_move_not_in_the_table_raises(case, current):
    case.status = current
    case.save(update_fields=["status"])
    for target in Status:
        if target not in TRANSITIONS[current]:
            with pytest.raises(IllegalTransition):
                case_transition(case=case, to_status=target, actor=None)
    case.refresh_from_db()
    assert case.status == current


def test_rejection_needs_a_reason_the_citizen_sees(case):
    with pytest.raises(ValidationError):
        case_transition(case=case, to_status=Status.REJECTED, actor=None)
    case = case_transition(case=case, to_status=Status.REJECTED, actor=None, reason="Not a public service.")
    assert case.events.last().reason == "Not a public service."


def test_events_are_append_only(case):
    event = case.events.first()
    event.reason = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_rating_is_only_for_closed_cases(case):
    with pytest.raises(ValidationError):
        case_rate(case=case, score=5)


def test_a_good_rating_keeps_the_case_closed(case):
    case = walk(case, Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED)
    case_rate(case=case, score=4)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    with pytest.raises(ValidationError):
        case_rate(case=case, score=4)  # once per outcome


@pytest.mark.parametrize("score", [1, 2])
def test_a_poor_rating_reopens_the_case_one_level_up_with_its_history(case, area, score):
    case = walk(case, Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED)
    case_rate(case=case, score=score)
    case.refresh_from_db()
    assert case.office == area.district_ombudsman
    assert case.level == 1
    assert case.status == Status.RECEIVED
    assert case.events.filter(type=CaseEvent.Type.APPEALED).count() == 1
    assert case.events.filter(type=CaseEvent.Type.STATUS).count() == 3  # history kept
    assert Rating.objects.get(case=case).office == area.commune_office


def test_the_database_refuses_to_rewrite_or_delete_events(case):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseevent SET reason = 'rewritten'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_caseevent")
    assert case.events.count() == 2
