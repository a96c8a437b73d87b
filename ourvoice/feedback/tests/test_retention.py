"""Retention (SECURITY.md C5): which reports expire and when, what stays, the command and the task,
a purged case taking no more content, and two workers at once. The whole story from a real web
submission to an empty media folder is tests/flows/test_retention.py."""

import datetime
import threading

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone, translation

from ourvoice.accounts.models import User
from ourvoice.cases.models import Case, Status
from ourvoice.cases.services import case_rate, case_transition
from ourvoice.catalogue.models import Service
from ourvoice.feedback.checks import retention_days_positive
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.retention import feedback_purge, feedback_purge_expired
from ourvoice.feedback.services import feedback_submit
from ourvoice.messaging.services import message_post_by_citizen, message_post_by_office

pytestmark = pytest.mark.django_db

DAYS = settings.RETENTION_DAYS


def _later(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _walk(case: Case, *statuses: str) -> Case:
    for status in statuses:
        case = case_transition(case=case, to_status=status, actor=None, reason="Not for this office.")
    return case


@pytest.fixture
def submit(make_input):
    def make(**overrides) -> Case:
        return feedback_submit(data=make_input(**overrides)).case

    return make


@pytest.fixture
def starter_categories_db(transactional_db):
    """Transactional tests flush the database, data migrations included: load the categories again."""
    from importlib import import_module

    from django.apps import apps

    from ourvoice.feedback.models import Category

    if not Category.objects.exists():
        import_module("ourvoice.feedback.migrations.0002_starter_categories").load(apps, None)


def _purged(case: Case) -> bool:
    return Feedback.objects.get(pk=case.feedback_id).purged_at is not None


def test_closed_rejected_and_resolved_cases_expire_open_ones_never(submit):
    closed = _walk(submit(), Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)
    rejected = _walk(submit(), Status.REJECTED)
    resolved = _walk(submit(), Status.IN_PROGRESS, Status.RESOLVED)
    still_open = _walk(submit(), Status.IN_PROGRESS)
    with time_machine.travel(_later(DAYS - 1), tick=False):
        assert feedback_purge_expired() == 0
        closed_recently = _walk(submit(), Status.REJECTED)
    with time_machine.travel(_later(DAYS + 1), tick=False):
        assert feedback_purge_expired() == 3
    assert [_purged(c) for c in (closed, rejected, resolved)] == [True, True, True]
    assert not _purged(still_open) and not _purged(closed_recently)
    untouched = Feedback.objects.get(pk=closed_recently.feedback_id)
    assert untouched.description and untouched.search_seg


def test_a_message_on_a_resolved_case_starts_the_period_again(submit, area):
    case = _walk(submit(), Status.IN_PROGRESS, Status.RESOLVED)
    with time_machine.travel(_later(200), tick=False):
        message_post_by_citizen(case=case, body="It is not resolved: I still have no certificate.")
    with time_machine.travel(_later(DAYS + 1), tick=False):
        assert feedback_purge_expired() == 0
    with time_machine.travel(_later(200 + DAYS + 1), tick=False):
        assert feedback_purge_expired() == 1


def test_free_text_answers_and_a_typed_service_go_structured_answers_and_catalogue_codes_stay(submit):
    Service.objects.get_or_create(
        code="birth-certificate", defaults={"name_km": "សំបុត្រកំណើត", "name_en": "Birth certificate"}
    )
    support = submit(
        kind="support", category="obtain-service", answers={"service_wanted": "SENTINEL my land title"}
    )
    fee = submit(
        category="unofficial-fee",
        answers={"who_asked": "counter_staff"},
        service_name="birth-certificate",
        official_fee=4000,
        amount_paid=10000,
    )
    typed = submit(category="unofficial-fee", service_name="SENTINEL a service I typed")
    for case in (support, fee, typed):
        _walk(case, Status.REJECTED)
    with time_machine.travel(_later(DAYS + 1), tick=False):
        assert feedback_purge_expired() == 3
    support_fb, fee_fb, typed_fb = (Feedback.objects.get(pk=c.feedback_id) for c in (support, fee, typed))
    assert support_fb.answers == {}
    assert (fee_fb.answers, getattr(fee_fb.service, "code", None), fee_fb.overcharge) == (
        {"who_asked": "counter_staff"},
        "birth-certificate",
        6000,
    )
    assert typed_fb.service_name == ""
    assert not Feedback.objects.filter(search_text__icontains="sentinel").exists()


def test_the_command_counts_with_dry_run_then_purges(submit, capsys):
    case = _walk(submit(contact_consent=True, contact_phone="012 345 678"), Status.REJECTED)
    message_post_by_office(
        case=case, author=User.objects.create(username="clerk", role="office_staff"), body="We cannot help."
    )
    with time_machine.travel(_later(DAYS + 1), tick=False):
        call_command("feedback_purge_expired", "--dry-run")
        out = capsys.readouterr().out
        assert "1 report(s)" in out and "1 message text(s)" in out and "1 contact detail(s)" in out
        assert not _purged(case)
        call_command("feedback_purge_expired")
        assert "Removed the content of 1 report(s)" in capsys.readouterr().out
    assert _purged(case)


def test_a_purged_case_takes_no_message_and_no_rating(submit):
    case = _walk(submit(), Status.IN_PROGRESS, Status.RESOLVED)
    with time_machine.travel(_later(DAYS + 1), tick=False):
        assert feedback_purge_expired() == 1
    case = Case.objects.select_related("feedback").get(pk=case.pk)
    clerk = User.objects.create(username="clerk", role="office_staff")
    for post in (
        lambda: message_post_by_citizen(case=case, body="Hello?"),
        lambda: message_post_by_office(case=case, author=clerk, body="Hello?"),
    ):
        with translation.override("en"), pytest.raises(ValidationError, match="retention period"):
            post()
    case = _walk(case, Status.CLOSED)
    with translation.override("en"), pytest.raises(ValidationError, match="retention period"):
        case_rate(case=case, score=1)  # an appeal would find nothing to review
    assert not case.ratings.exists() and case.messages.count() == 0


def test_open311_no_longer_publishes_the_description(submit):
    case = _walk(
        submit(description="The road to the office is flooded.", publication_consent=True), Status.REJECTED
    )
    url = f"/open311/v2/requests/{case.feedback.public_id}.json"
    assert Client().get(url).json()[0]["description"] == "The road to the office is flooded."
    with time_machine.travel(_later(DAYS + 1), tick=False):
        feedback_purge_expired()
    assert Client().get(url).json()[0].get("description") is None


def test_the_retention_period_must_be_at_least_one_day(settings):
    assert retention_days_positive() == []
    settings.RETENTION_DAYS = 0
    [error] = retention_days_positive()
    assert error.id == "ourvoice.E002"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_a_report_the_first_one_holds(starter_categories_db, make_input):
    case = _walk(feedback_submit(data=make_input()).case, Status.REJECTED)
    held, release = threading.Event(), threading.Event()

    def first_worker() -> None:
        with transaction.atomic():
            Feedback.objects.select_for_update().get(pk=case.feedback_id)
            held.set()
            release.wait(timeout=30)
        connections.close_all()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert held.wait(timeout=30)
        # Skipped at once (not blocked, not purged twice) while the other worker holds the row.
        assert feedback_purge(feedback_id=case.feedback_id, now=_later(DAYS + 1)) is False
    finally:
        release.set()
        thread.join(timeout=30)
    assert feedback_purge(feedback_id=case.feedback_id, now=_later(DAYS + 1)) is True
    assert feedback_purge(feedback_id=case.feedback_id, now=_later(DAYS + 1)) is False


def test_opt_ins_kept_by_a_channel_are_counted_and_removed_without_feedback_importing_it(submit, capsys):
    """The channels' Subscription registers with feedback/optins.py (channels/common/apps.py):
    the dry run counts its rows and the purge deletes them, feedback never importing a channel."""
    from ourvoice.channels.common.models import Subscription
    from ourvoice.channels.common.services import subscription_create
    from ourvoice.feedback.models import Channel

    case = _walk(submit(), Status.REJECTED)
    for address in ("111", "222"):
        subscription_create(case=case, channel=Channel.TELEGRAM, address=address, language="km")
    with time_machine.travel(_later(DAYS + 1), tick=False):
        call_command("feedback_purge_expired", "--dry-run")
        assert "2 opt-in(s) to updates" in capsys.readouterr().out
        call_command("feedback_purge_expired")
    assert not Subscription.objects.filter(case=case).exists()
