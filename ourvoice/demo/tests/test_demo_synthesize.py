"""manage.py demo_synthesize: N realistic reports with coherent cases, found by staff and search."""

import datetime
import itertools
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from ourvoice.accounts.models import User
from ourvoice.accounts.tests.conftest import sign_in_verified, verified
from ourvoice.cases.models import Case, CaseEvent, Rating, Status
from ourvoice.cases.routing import route_feedback
from ourvoice.cases.selectors import case_search
from ourvoice.cases.tests.test_search_plans import handling_office_mismatches
from ourvoice.cases.workdays import add_working_days
from ourvoice.cases.workflow import check_transition
from ourvoice.demo.synthetic import synthetic_codes
from ourvoice.feedback.models import SCORECARD_INDICATORS, Channel, Feedback, Gender, Kind
from ourvoice.messaging.models import Message

N = 300
E = CaseEvent.Type
BIRTH_CERTIFICATE = "សំបុត្រកំណើត"
TAB_OF = {
    Status.RECEIVED: "new",
    Status.WAITING: "waiting",
    Status.CLOSED: "closed",
    Status.REJECTED: "closed",
}


@pytest.fixture
def synthesized(pilot_places: None, data_dir: Path) -> list[Feedback]:
    out = StringIO()
    call_command("demo_synthesize", "--records", str(N), "--months", "24", "--seed", "7", stdout=out)
    assert f"Added {N} synthetic reports" in out.getvalue()
    secret_hash = Feedback.objects.order_by("-id").values_list("secret_hash", flat=True).first()
    return list(Feedback.objects.filter(secret_hash=secret_hash).select_related("case", "category", "office"))


def test_every_report_has_a_case_a_timeline_and_spread_answers(synthesized: list[Feedback]) -> None:
    assert len(synthesized) == N
    assert {f.kind for f in synthesized} == set(Kind.values)
    assert {f.gender for f in synthesized} == set(Gender.values)
    assert {f.channel for f in synthesized} == set(Channel.values)
    counts = Counter(f.channel for f in synthesized)
    assert counts["web"] + counts["telegram"] > counts["paper"] + counts["counter"]  # online heavy
    assert len({f.age_band for f in synthesized}) >= 6 and len({f.disability for f in synthesized}) == 3
    assert len({f.locator for f in synthesized}) == N and len({f.public_id for f in synthesized}) == N
    assert len({f.reference for f in synthesized}) == N
    assert all(f.idempotency_hash is None and f.search_seg for f in synthesized)
    assert synthetic_codes(1) != synthetic_codes(2)
    by_id = sorted(synthesized, key=lambda f: f.pk)  # ids grow with time, as in a real database
    assert all(a.submitted_at <= b.submitted_at for a, b in itertools.pairwise(by_id))
    assert by_id[-1].submitted_at - by_id[0].submitted_at > datetime.timedelta(days=300)
    for f in synthesized:
        assert f.province_id == f.office.province_id
        if f.office.commune_id:
            assert f.commune_id == f.office.commune_id
        if f.kind == Kind.EVALUATION:
            assert set(f.scores) == set(SCORECARD_INDICATORS)
            assert all(1 <= v <= 5 for v in f.scores.values())
        if f.official_fee is not None and f.amount_paid is not None:
            assert f.overcharge == max(f.amount_paid - f.official_fee, 0)
            assert f.category.asks_fee
    assert any(f.overcharge for f in synthesized)
    assert Rating.objects.filter(case__feedback__in=synthesized).exists()
    statuses = Counter(f.case.status for f in synthesized)
    assert statuses[Status.CLOSED] > N // 3  # two years of reports: most are long closed
    assert statuses[Status.RECEIVED] + statuses[Status.ACKNOWLEDGED] + statuses[Status.IN_PROGRESS] > 0


def test_timelines_follow_the_workflow_and_routing(synthesized: list[Feedback]) -> None:
    events_of: dict[int, list[CaseEvent]] = {}
    for event in CaseEvent.objects.filter(case__feedback__in=synthesized).order_by("at", "id"):
        events_of.setdefault(event.case_id, []).append(event)
    for report in synthesized:
        case, events = report.case, events_of[report.case.pk]
        assert [e.type for e in events[:2]] == [E.SUBMITTED, E.ROUTED]
        assert events[0].at == report.submitted_at == case.created_at
        status: str = Status.RECEIVED
        for event in events[2:]:
            if event.type == E.STATUS:
                assert event.from_status == status
                check_transition(status, event.to_status)
                status = event.to_status
            elif event.type in (E.APPEALED, E.ESCALATED):
                assert event.from_status == status and event.to_status == Status.RECEIVED
                status = Status.RECEIVED
        assert status == case.status
        assert case.level == sum(e.type in (E.APPEALED, E.ESCALATED) for e in events)
        assert all(a.at <= b.at for a, b in itertools.pairwise(events))
        route = route_feedback(kind=report.kind, category=report.category, office=report.office)
        assert events[1].office_id == route.office.pk and case.hidden_from_id == (
            route.hidden_from.pk if route.hidden_from else None
        )
        if case.level == 0:
            assert case.office_id == route.office.pk
        if case.status == Status.RECEIVED and report.kind == Kind.COMPLAINT and case.level == 0:
            assert case.acknowledge_due == add_working_days(timezone.localdate(case.created_at), 2)
        elif case.status != Status.RECEIVED:
            assert case.acknowledge_due is None
    assert any(f.case.hidden_from_id for f in synthesized)  # about-office and sensitive complaints
    # The dialogue: an answer from the office before each resolution (scorecards owe none), a
    # question before each wait for the citizen and the citizen's answer after it.
    messages = Message.objects.filter(case__feedback__in=synthesized)
    for report in synthesized:
        events = events_of[report.case.pk]
        said = [e.type for e in events if e.type in (E.MESSAGE_FROM_OFFICE, E.MESSAGE_FROM_CITIZEN)]
        resolved = sum(e.type == E.STATUS and e.to_status == Status.RESOLVED for e in events)
        waited = sum(e.type == E.STATUS and e.to_status == Status.WAITING for e in events)
        answered = sum(e.type == E.STATUS and e.from_status == Status.WAITING for e in events)
        office = 0 if report.kind == Kind.EVALUATION else resolved + waited
        assert said.count(E.MESSAGE_FROM_OFFICE) == office and said.count(E.MESSAGE_FROM_CITIZEN) == answered
    assert messages.count() == sum(
        1
        for es in events_of.values()
        for e in es
        if e.type in (E.MESSAGE_FROM_OFFICE, E.MESSAGE_FROM_CITIZEN)
    )
    assert messages.filter(sender=Message.Sender.OFFICE).exists()
    assert messages.filter(sender=Message.Sender.CITIZEN).exists()


def _client(username: str) -> Client:
    client = Client()
    sign_in_verified(client, User.objects.get(username=username))
    return client


def test_cases_are_in_the_inbox_of_their_office(synthesized: list[Feedback]) -> None:
    head = User.objects.get(username="demo_office_head")
    mine = [
        f
        for f in synthesized
        if f.case.office_id == head.office_id and f.case.status in TAB_OF and f.case.hidden_from_id is None
    ]
    assert mine, "the busy pilot commune receives reports"
    client = _client("demo_office_head")
    for report in mine[:3]:
        page = client.get("/en/staff/cases/", {"tab": TAB_OF[Status(report.case.status)]})
        assert page.status_code == 200
        assert report.case in page.context["page"].object_list
    other = next(f for f in synthesized if f.case.office_id != head.office_id)
    assert client.get(f"/en/staff/cases/{other.case.pk}/").status_code == 404


def test_khmer_search_finds_synthetic_reports(synthesized: list[Feedback]) -> None:
    with_word = {f.case.pk for f in synthesized if BIRTH_CERTIFICATE in f.description and not f.is_sensitive}
    assert with_word
    national = verified(User.objects.get(username="demo_national_oversight"))
    found = {case.pk for case in case_search(user=national, query=BIRTH_CERTIFICATE, limit=N)}
    assert with_word <= found
    closed = next(f.case for f in synthesized if f.case.pk in with_word and f.case.status == Status.CLOSED)
    page = _client("demo_national_oversight").get(
        "/en/staff/cases/", {"tab": "closed", "q": BIRTH_CERTIFICATE}
    )
    assert closed in page.context["page"].object_list


def test_an_office_finds_its_synthetic_reports_past_the_newest_cases(
    synthesized: list[Feedback], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the load writes each report's handling office (the search's office plan)."""
    if connection.vendor == "postgresql":
        assert handling_office_mismatches() == 0
    head = verified(User.objects.get(username="demo_office_head"))
    mine = {
        f.case.pk
        for f in synthesized
        if f.case.office_id == head.office_id
        and f.case.hidden_from_id is None
        and BIRTH_CERTIFICATE in f.description
    }
    assert mine
    monkeypatch.setattr("ourvoice.cases.selectors.SEARCH_WINDOW", 1)  # past the window: the office's plan
    found = case_search(user=head, query=BIRTH_CERTIFICATE, limit=N)
    assert mine <= {case.pk for case in found}
    assert {case.office_id for case in found} == {head.office_id}


def test_refuses_in_production(settings, pilot_places: None, data_dir: Path) -> None:
    settings.OURVOICE_ENV = "production"
    with pytest.raises(CommandError, match="Refusing to generate synthetic reports"):
        call_command("demo_synthesize", "--records", "10")
    assert not Case.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the large load's index handling is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True)
def test_a_large_load_rebuilds_every_index_and_leaves_one_to_the_worker(
    pilot_places: None, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``BIG_LOAD`` the secondary indexes are dropped and rebuilt after the rows, but for the
    office-and-trigram search index, which is handed to the worker (tests run its tasks at once)."""
    from ourvoice.cases import search
    from ourvoice.core.bulk_load import secondary_indexes
    from ourvoice.demo import synthetic

    tables = synthetic.TABLES
    before = sorted(name for name, _ in secondary_indexes(tables))
    assert search.OFFICE_TRIGRAM_INDEX in before
    handed = []
    monkeypatch.setattr(synthetic, "BIG_LOAD", 20)
    monkeypatch.setattr(synthetic, "build_search_indexes", lambda: handed.append(True))
    out = StringIO()
    call_command("demo_synthesize", "--records", "40", "--seed", "3", stdout=out)
    assert handed == [True]  # the large path ran, and handed the index on
    after = sorted(name for name, _ in secondary_indexes(tables))
    assert set(before) - set(after) == {search.OFFICE_TRIGRAM_INDEX}  # every other one rebuilt
    assert search.office_trigram_index_build() is True  # what the worker runs
    assert sorted(name for name, _ in secondary_indexes(tables)) == before
    assert handling_office_mismatches() == 0
