"""Conformance and privacy: GET requests, requests/{id} and tokens/{token} (GeoReport v2)."""

import datetime

import pytest
from django.utils import timezone

from ourvoice.cases.models import Case, Status
from ourvoice.cases.services import case_transition
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.publication import MAX_RESULTS, day_start
from ourvoice.open311.tests.spec import REQUEST_ALL, REQUEST_REQUIRED, TOKEN, W3C

pytestmark = pytest.mark.django_db


def _ids(items) -> set[str]:
    return {item["service_request_id"] for item in items}


def test_a_public_request_in_both_formats(both, report, area):
    submission = report(description="The road to the office is flooded.", publication_consent=True)
    [item] = both("requests", "service_requests", locale="en")
    assert REQUEST_REQUIRED <= set(item) <= REQUEST_ALL
    assert item["service_request_id"] == submission.feedback.public_id
    assert item["status"] == "open"
    assert item["service_code"] == "slow-service"
    assert item["description"] == "The road to the office is flooded."
    assert item["address_id"] == area.commune.code and item["address"] == "Sla Kram, Siem Reap, Siem Reap"
    assert item["agency_responsible"] == area.commune_office.name_en
    for name in ("requested_datetime", "updated_datetime"):
        assert W3C.fullmatch(item[name]) and item[name].endswith("T00:00:00+07:00")  # the date only
    assert both(f"requests/{item['service_request_id']}", "service_requests", locale="en") == [item]


def test_closed_means_resolved_closed_or_rejected(both, report):
    open_one = report()
    closed = report()
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED):
        case_transition(case=closed.case, to_status=status, actor=None)
    assert _ids(both("requests", "service_requests", status="open")) == {open_one.feedback.public_id}
    assert _ids(both("requests", "service_requests", status="closed")) == {closed.feedback.public_id}
    assert len(both("requests", "service_requests", status="open,closed")) == 2
    both("requests", "service_requests", expect=400, status="pending")


def test_filters_by_id_service_and_dates(both, report):
    slow = report()
    info = report(kind="information")
    old = report()
    Feedback.objects.filter(pk=old.feedback.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=120)
    )
    assert _ids(both("requests", "service_requests")) == {slow.feedback.public_id, info.feedback.public_id}
    assert _ids(both("requests", "service_requests", service_code="processing-time")) == {
        info.feedback.public_id
    }
    # service_request_id overrides every other filter, old ones included.
    ids = f"{old.feedback.public_id},{info.feedback.public_id}"
    assert _ids(both("requests", "service_requests", service_request_id=ids, service_code="x")) == set(
        ids.split(",")
    )
    start = (timezone.now() - datetime.timedelta(days=125)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - datetime.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _ids(both("requests", "service_requests", start_date=start, end_date=end)) == {
        old.feedback.public_id
    }
    assert _ids(both("requests", "service_requests", start_date=start)) == {old.feedback.public_id}


def test_date_errors(both):
    both(
        "requests",
        "service_requests",
        expect=400,
        start_date="2026-01-01T00:00:00Z",
        end_date="2026-05-01T00:00:00Z",
    )
    both(
        "requests",
        "service_requests",
        expect=400,
        start_date="2026-03-01T00:00:00Z",
        end_date="2026-01-01T00:00:00Z",
    )
    both("requests", "service_requests", expect=400, start_date="yesterday")
    both("requests", "service_requests", expect=400, end_date="2026-13-45T00:00:00Z")


def test_at_most_1000_requests_newest_first(both, report):
    first = report()
    feedback = first.feedback
    rows = []
    for n in range(MAX_RESULTS + 5):
        rows.append(
            Feedback(
                locator=f"9{n:07d}",
                public_id=f"bulk{n:06d}",
                reference=f"B{n:07d}",
                secret_hash="x",
                kind=feedback.kind,
                category=feedback.category,
                channel=feedback.channel,
                office=feedback.office,
                province=feedback.province,
                commune=feedback.commune,
                description="bulk",
                # The days before (only the day is ordered on, then the random public id).
                submitted_at=day_start(timezone.localdate()) - datetime.timedelta(minutes=n + 1),
            )
        )
    Case.objects.bulk_create(
        Case(feedback=f, office=feedback.office) for f in Feedback.objects.bulk_create(rows)
    )
    items = both("requests", "service_requests")
    assert len(items) == MAX_RESULTS
    assert items[0]["service_request_id"] == feedback.public_id


def test_never_sensitive_evaluations_or_hidden_complaints(both, report):
    public = report()
    sensitive = report(category="sexual-harassment", description="Named person harassed me.")
    evaluation = report(kind="evaluation", scores={"overall": 1})
    about_office = report(category="staff-conduct", description="The clerk shouted at me.")
    assert _ids(both("requests", "service_requests")) == {public.feedback.public_id}
    for hidden in (sensitive, evaluation, about_office):
        both(f"requests/{hidden.feedback.public_id}", "service_requests", expect=404)
        both(f"tokens/{hidden.feedback.public_id}", "service_requests", expect=404)
        assert both("requests", "service_requests", service_request_id=hidden.feedback.public_id) == []


def test_the_citizens_words_are_published_only_with_consent(both, report, area):
    """Before issue 15 the words of every complaint not about people were published."""
    without = report(category="other-complaint", description="Mr. Dara asked me for money.")
    agreed = report(category="slow-service", description="Ms. Srey helped me.", publication_consent=True)
    support = report(kind="support", description="I need my son's birth certificate.")
    items = {item["service_request_id"]: item for item in both("requests", "service_requests")}
    assert items[without.feedback.public_id]["description"] in (None, "")
    assert items[support.feedback.public_id]["description"] in (None, "")
    assert items[agreed.feedback.public_id]["description"] == "Ms. Srey helped me."
    # A complaint about the office itself is published only if the citizen agreed.
    consented = report(category="staff-conduct", description="The clerk shouted.", publication_consent=True)
    [item] = both(f"requests/{consented.feedback.public_id}", "service_requests")
    assert (
        item["description"] == "The clerk shouted."
        and item["agency_responsible"] == area.district_ombudsman.name_km
    )
    asked = report(category="other-complaint", about_office=True, description="The chief shouts.")
    both(f"requests/{asked.feedback.public_id}", "service_requests", expect=404)


def test_no_receipt_contact_or_locator_in_any_read(o311, report):
    submission = report(contact_consent=True, contact_phone="012999888")
    receipt = submission.receipt
    for fmt in ("xml", "json"):
        bodies = [
            o311.get(f"/open311/v2/requests.{fmt}").content.decode(),
            o311.get(f"/open311/v2/requests/{submission.feedback.public_id}.{fmt}").content.decode(),
        ]
        for body in bodies:
            assert submission.feedback.public_id in body
            for secret in (
                receipt.digits,
                receipt.grouped(),
                receipt.secret,
                receipt.locator,
                "012999888",
                "receipt",
            ):
                assert secret not in body


def test_tokens_and_unknown_ids(both, report):
    submission = report()
    public_id = submission.feedback.public_id
    [pair] = both(f"tokens/{public_id}", "service_requests")
    assert set(pair) == TOKEN and pair == {"service_request_id": public_id, "token": public_id}
    both("tokens/unknown", "service_requests", expect=404)
    both("requests/unknown", "service_requests", expect=404)
    both(f"requests/{submission.receipt.locator}", "service_requests", expect=404)


def test_dates_at_the_edge_of_the_calendar_are_a_400(both):
    both("requests", "service_requests", expect=400, start_date="9999-12-30T00:00:00Z")
    both("requests", "service_requests", expect=400, end_date="0001-01-02T00:00:00Z")
    both(
        "requests",
        "service_requests",
        expect=400,
        start_date="9999-12-31T00:00:00-05:00",
        end_date="9999-12-31T10:00:00-05:00",
    )
