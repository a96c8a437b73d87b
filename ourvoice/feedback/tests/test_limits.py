"""Issue 15: a retried submission gets its receipt back only within minutes of the first answer
(SECURITY.md B5), replays and new reports are limited per client, and new reports per office, in
the cache, before anything is written; a report that got a receipt is never undone (D3, G1)."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from hypothesis import given, settings
from hypothesis import strategies as st

from ourvoice.cases.models import Case
from ourvoice.feedback import throttle
from ourvoice.feedback.models import Attachment, Channel, Feedback, Kind
from ourvoice.feedback.services import AlreadyReceived, Upload, feedback_submit
from ourvoice.feedback.tests.test_files import jpeg_with_metadata

NOON = datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    # Counters are per fixed hour: a test must not straddle the turn of an hour.
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.API, Channel.TELEGRAM, Channel.SMS])
def test_a_retry_gets_the_receipt_within_the_window_and_never_after(make_input, frozen_clock, channel):
    first = feedback_submit(data=make_input(channel=channel), idempotency_key="tap-1", client="phone")
    frozen_clock.shift(datetime.timedelta(minutes=14))
    again = feedback_submit(data=make_input(channel=channel), idempotency_key="tap-1", client="other")
    assert (again.created, again.receipt, again.feedback) == (False, first.receipt, first.feedback)
    frozen_clock.shift(datetime.timedelta(minutes=2))  # 16 minutes after the first answer
    for client in ("phone", None):
        with pytest.raises(AlreadyReceived):
            feedback_submit(data=make_input(channel=channel), idempotency_key="tap-1", client=client)
    assert Feedback.objects.count() == 1


def test_the_window_is_a_setting(make_input, frozen_clock, settings):
    settings.RECEIPT_RETRY_MINUTES = 2
    feedback_submit(data=make_input(), idempotency_key="tap-1")
    frozen_clock.shift(datetime.timedelta(minutes=3))
    with pytest.raises(AlreadyReceived):
        feedback_submit(data=make_input(), idempotency_key="tap-1")


def test_replays_are_limited_per_client(make_input, settings):
    settings.RECEIPT_RETRIES_PER_CLIENT = 4
    feedback_submit(data=make_input(), idempotency_key="tap-1", client="phone")
    for _ in range(4):
        assert not feedback_submit(data=make_input(), idempotency_key="tap-1", client="greedy").created
    with pytest.raises(throttle.Throttled) as wait:
        feedback_submit(data=make_input(), idempotency_key="tap-1", client="greedy")
    assert wait.value.what == "replays" and wait.value.retry_after > 0
    # Another client's retry still gets its receipt.
    assert not feedback_submit(data=make_input(), idempotency_key="tap-1", client="phone").created


def test_a_refused_submission_writes_nothing_and_undoes_nothing(make_input, settings):
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 2
    photo = [Upload("photo.jpg", jpeg_with_metadata())]
    kept = [feedback_submit(data=make_input(), uploads=photo, client="flood") for _ in range(2)]
    files_before = sorted(default_storage.listdir("attachments")[1])
    for kind in Kind.values:
        with pytest.raises(throttle.Throttled) as wait:
            feedback_submit(data=make_input(kind), uploads=photo, client="flood")
        assert wait.value.what == "submissions" and 0 < wait.value.retry_after <= 3600
    assert sorted(default_storage.listdir("attachments")[1]) == files_before
    assert Feedback.objects.count() == Case.objects.count() == 2 and Attachment.objects.count() == 2
    assert {s.feedback.pk for s in kept} == set(Feedback.objects.values_list("pk", flat=True))
    # Another client, and the same one an hour later, send again; trusted callers are not counted.
    assert feedback_submit(data=make_input(), client="neighbour").created
    assert feedback_submit(data=make_input(channel=Channel.COUNTER)).created
    with time_machine.travel(NOON + datetime.timedelta(hours=1), tick=False):
        assert feedback_submit(data=make_input(), client="flood").created


def test_an_office_is_bounded_against_floods_from_many_clients(make_input, area, settings):
    settings.SUBMISSIONS_PER_OFFICE_PER_HOUR = 3
    for n in range(3):
        feedback_submit(data=make_input(), client=f"client-{n}")
    with pytest.raises(throttle.Throttled):
        feedback_submit(data=make_input(), client="client-9")
    # Another office still receives reports.
    other = make_input(office=area.other_commune_office, commune=area.other_commune)
    assert feedback_submit(data=other, client="client-9").created


@settings(max_examples=80, deadline=None)
@given(
    sends=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=60),
    per_client=st.integers(1, 6),
    per_office=st.integers(1, 12),
)
def test_admission_follows_the_two_hourly_limits(sends, per_client, per_office):
    """Whatever the order of clients and offices, a report is admitted exactly when its client
    and its office are both under their hourly limits; refused ones use up nothing."""
    cache.clear()
    with (
        time_machine.travel(NOON, tick=False),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr("django.conf.settings.SUBMISSIONS_PER_CLIENT_PER_HOUR", per_client, raising=False)
        patch.setattr("django.conf.settings.SUBMISSIONS_PER_OFFICE_PER_HOUR", per_office, raising=False)
        by_client: dict[int, int] = {}
        by_office: dict[int, int] = {}
        for client, office in sends:
            expected = by_client.get(client, 0) < per_client and by_office.get(office, 0) < per_office
            try:
                throttle.submission_admit(client=f"c{client}", office_id=office)
                admitted = True
            except throttle.Throttled:
                admitted = False
            assert admitted == expected
            if admitted:
                by_client[client] = by_client.get(client, 0) + 1
                by_office[office] = by_office.get(office, 0) + 1
