"""A rating of 1-2 reopens the case at the next level, with its history, new deadlines and a notice."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ourvoice.accounts.models import Role, User
from ourvoice.cases.models import CaseEvent, Status
from ourvoice.cases.services import case_rate, case_transition
from ourvoice.feedback.services import feedback_submit
from ourvoice.notifications.models import Notification

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=PHNOM_PENH)


@pytest.mark.parametrize("score", [1, 2])
def test_a_poor_rating_reopens_the_case_at_the_next_level_with_new_deadlines_and_tells_it(
    make_input, area, score, django_capture_on_commit_callbacks
):
    ombudsman = User.objects.create(username="do", role=Role.OMBUDSMAN, office=area.district_ombudsman)
    commune_staff = User.objects.create(username="cs", role=Role.OFFICE_STAFF, office=area.commune_office)
    with time_machine.travel(at(2026, 4, 1), tick=False):
        case = feedback_submit(data=make_input()).case
        for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
            case = case_transition(case=case, to_status=status, actor=commune_staff)
    case.refresh_from_db()
    assert case.acknowledge_due is None  # acknowledged at the first office
    with time_machine.travel(at(2026, 4, 10), tick=False), django_capture_on_commit_callbacks(execute=True):
        case_rate(case=case, score=score)
    case.refresh_from_db()
    assert (case.office, case.level, case.status) == (area.district_ombudsman, 1, Status.RECEIVED)
    # The clock restarts on the day of the appeal (Friday 10 April), across Khmer New Year.
    assert case.acknowledge_due == date(2026, 4, 17)
    assert case.resolve_due == date(2026, 5, 8)
    types = list(case.events.values_list("type", flat=True))
    assert types[:2] == [CaseEvent.Type.SUBMITTED, CaseEvent.Type.ROUTED]
    assert types[-2:] == [CaseEvent.Type.RATED, CaseEvent.Type.APPEALED]
    assert types.count(CaseEvent.Type.STATUS) == 3  # the history stays with the case
    notified = Notification.objects.filter(kind=Notification.Kind.ESCALATED)
    assert [n.recipient for n in notified] == [ombudsman]


def test_a_good_rating_opens_no_appeal_and_tells_nobody(make_input, area, django_capture_on_commit_callbacks):
    User.objects.create(username="do", role=Role.OMBUDSMAN, office=area.district_ombudsman)
    case = feedback_submit(data=make_input()).case
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
        case = case_transition(case=case, to_status=status, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        case_rate(case=case, score=3)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.level == 0
    assert not Notification.objects.exists()


def test_an_appeal_never_goes_to_the_office_the_case_is_about(make_input, area):
    """Before issue 15 an appeal went one level up whatever the case was about."""
    case = feedback_submit(data=make_input(category="staff-conduct", office=area.district_ombudsman)).case
    case.office = area.commune_office  # sent down by the Provincial Ombudsman
    case.save(update_fields=["office"])
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
        case = case_transition(case=case, to_status=status, actor=None)
    case_rate(case=case, score=1)
    case.refresh_from_db()
    assert case.office == area.provincial_ombudsman
    assert case.hidden_from == area.district_ombudsman
