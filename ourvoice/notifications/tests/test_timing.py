"""SECURITY.md A7: a notification's time does not reveal when a citizen wrote.

Two reports reach two offices at very different moments of the same quarter of an hour. Their
staff are told nothing by e-mail when the reports arrive; at the quarter hour each gets one
e-mail, sent at the same moment, word for word the same; and the notification pages show a date,
never a time. All that the timing of an e-mail can tell is the quarter hour (the batch schedule).
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ourvoice.accounts.models import Role
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401 - fixtures
from ourvoice.notifications.tasks import email_pending_notifications

TIME_OF_DAY = re.compile(r"(?<![\d.:])\d{1,2}:\d{2}(?!\d)|\b[ap]\.m\.|\bmidnight\b|\bnoon\b", re.IGNORECASE)
QUARTER_START = datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.UTC)  # 10:00 in Phnom Penh


@pytest.mark.parametrize(
    ("early", "late"),
    [(3, 14 * 60 + 57), (0, 7 * 60 + 30), (9 * 60 + 41, 14 * 60 + 59)],
    ids=["first-and-last-seconds", "start-and-middle", "late-and-later"],
)
def test_reports_filed_minutes_apart_in_one_quarter_hour_are_told_alike(
    area, staff, submit, mailoutbox, django_capture_on_commit_callbacks, early, late
):
    first = staff(Role.OFFICE_STAFF, area.commune_office, email="first@example.org")
    second = staff(Role.OFFICE_STAFF, area.other_commune_office, email="second@example.org")
    for seconds, office in ((early, area.commune_office), (late, area.other_commune_office)):
        with time_machine.travel(QUARTER_START + datetime.timedelta(seconds=seconds), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                submit(office=office)
            assert mailoutbox == []  # nobody is e-mailed when a report arrives

    tick = QUARTER_START + datetime.timedelta(minutes=15)
    with time_machine.travel(tick, tick=False):
        assert email_pending_notifications.call_local() == 2
        sent_at = timezone.now()
        pages = [
            client_for(user).get("/en/staff/notifications/").content.decode() for user in (first, second)
        ]

    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    one, other = by_recipient["first@example.org"], by_recipient["second@example.org"]
    assert (one.subject, one.body) == (other.subject, other.body)
    assert not TIME_OF_DAY.search(one.subject + one.body)
    assert sent_at == tick
    for page in pages:
        assert "New case" in page
        assert not TIME_OF_DAY.search(page)


@given(minute=st.integers(0, 59), hour=st.integers(0, 23))
def test_e_mails_go_out_only_on_the_quarter_hours(minute, hour):
    when = datetime.datetime(2026, 3, 2, hour, minute)
    assert email_pending_notifications.task_class().validate_datetime(when) is (minute % 15 == 0)
