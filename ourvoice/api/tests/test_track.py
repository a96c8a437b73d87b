"""POST /api/v1/track/: a receipt opens its case; guesses are refused alike and throttled."""

import datetime

import pytest
from django.utils import timezone

from ourvoice.accounts.models import User
from ourvoice.api.tests.helpers import case_of, close, in_khmer
from ourvoice.cases.models import CaseEvent, Status
from ourvoice.cases.services import case_transition
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.throttle import CLIENT_FAILURES_PER_WINDOW
from ourvoice.messaging.services import message_post_by_office

URL = "/api/v1/track/"
NOT_FOUND = "No case matches this receipt. Check the digits and try again."
MALFORMED = "Give the receipt: 20 digits, for example 1234 5678 9012 3456 7890."
THROTTLED = "Too many attempts with a wrong receipt. Wait a while and try again."


def _track(api, receipt, **extra):
    return api.post(URL, {"receipt": receipt}, format="json", **extra)


def test_the_receipt_shows_status_office_dates_timeline_and_messages(api, area, submitted):
    case = case_of(submitted)
    staff = User.objects.create(username="clerk", role="office_staff", office=area.commune_office)
    case = case_transition(case=case, to_status=Status.ACKNOWLEDGED, actor=staff)
    message_post_by_office(case=case, author=staff, body="Which village?", ask_citizen=True)
    CaseEvent.objects.create(case=case, type=CaseEvent.Type.NOTE, reason="internal: do not show")

    response = _track(api, submitted["receipt"])

    assert response.status_code == 200
    body = response.json()
    today = timezone.localdate().isoformat()
    assert body == {
        "status": "waiting",
        "status_label": "Waiting for your answer",
        "kind": "complaint",
        "category": submitted["category"],
        "office": submitted["office"],
        "submitted": today,
        "timeline": [
            {"date": today, "type": "submitted", "status": "received", "reason": ""},
            {"date": today, "type": "status", "status": "acknowledged", "reason": ""},
            {"date": today, "type": "message_office", "status": "", "reason": ""},
            {"date": today, "type": "status", "status": "waiting", "reason": ""},
        ],
        "messages": [{"sender": "office", "body": "Which village?", "date": today, "attachments": 0}],
        "can_rate": False,
        "contact_kept": False,
        "content_removed": False,
    }
    assert response["Cache-Control"] == "no-store"


def test_labels_follow_the_request_language(api, submitted):
    body = _track(api, submitted["receipt"], HTTP_ACCEPT_LANGUAGE="km").json()
    assert body["status_label"] == in_khmer("Received")


def test_dates_are_the_date_in_cambodia_never_the_time(api, submitted):
    case = case_of(submitted)
    late_evening_utc = datetime.datetime(
        2025, 3, 1, 20, 30, tzinfo=datetime.UTC
    )  # 03:30 on 2 March in Cambodia
    type(case.feedback).objects.filter(pk=case.feedback_id).update(submitted_at=late_evening_utc)
    body = _track(api, submitted["receipt"]).json()
    assert body["submitted"] == "2025-03-02"


def test_any_spelling_of_the_receipt_opens_the_case(api, submitted):
    receipt = submitted["receipt"]
    for spelling in (receipt.replace(" ", ""), receipt.replace(" ", "-"), to_khmer_digits(receipt)):
        assert _track(api, spelling).status_code == 200


def test_an_unknown_case_and_a_wrong_secret_answer_the_same_404(api, submitted):
    digits = submitted["receipt"].replace(" ", "")
    wrong_secret = digits[:8] + ("000000000000" if digits[8:] != "000000000000" else "111111111111")
    unknown_case = ("99999999" if digits[:8] != "99999999" else "88888888") + digits[8:]
    answers = [_track(api, receipt) for receipt in (wrong_secret, unknown_case)]
    assert [(r.status_code, r.content) for r in answers] == [(404, answers[0].content)] * 2
    assert answers[0].json() == {"detail": NOT_FOUND}
    assert _track(api, unknown_case, HTTP_ACCEPT_LANGUAGE="km").json() == {"detail": in_khmer(NOT_FOUND)}


@pytest.mark.parametrize(
    "receipt", ["", "1234", "1" * 21, "abcd efgh ijkl mnop qrst", 12345678901234567890, None]
)
def test_a_malformed_receipt_answers_400_with_a_hint(api, db, receipt):
    response = _track(api, receipt)
    assert (response.status_code, response.json()) == (400, {"receipt": [MALFORMED]})
    assert _track(api, receipt, HTTP_ACCEPT_LANGUAGE="km").json() == {"receipt": [in_khmer(MALFORMED)]}


def test_a_missing_receipt(api, db):
    response = api.post(URL, {}, format="json")
    assert (response.status_code, response.json()) == (400, {"receipt": [MALFORMED]})


def test_guessing_is_throttled_with_retry_after_and_the_owner_still_gets_in(api, submitted, client):
    statuses = []
    for guess in range(CLIENT_FAILURES_PER_WINDOW + 5):
        response = _track(api, f"{guess:08d}123456789012")
        statuses.append(response.status_code)
    assert statuses == [404] * CLIENT_FAILURES_PER_WINDOW + [429] * 5
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"detail": THROTTLED}
    km = _track(api, "00000000123456789012", HTTP_ACCEPT_LANGUAGE="km")
    assert (km.status_code, km.json()) == (429, {"detail": in_khmer(THROTTLED)})
    # Another phone (another address) still opens its case.
    other = api.post(URL, {"receipt": submitted["receipt"]}, format="json", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_wrong_secrets_for_a_case_lock_the_guesser_out_of_it_and_never_its_holder(api, submitted):
    """Issue 15: three wrong receipts for a case used to lock its holder out for up to 24 hours."""
    locator = submitted["receipt"].replace(" ", "")[:8]
    for n in range(3):
        response = api.post(URL, {"receipt": f"{locator}{n:012d}"}, format="json", REMOTE_ADDR="10.0.0.66")
        assert response.status_code == 404
    response = api.post(URL, {"receipt": submitted["receipt"]}, format="json", REMOTE_ADDR="10.0.0.66")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    for n in range(3, 9):  # more strangers, each from an address of their own
        api.post(URL, {"receipt": f"{locator}{n:012d}"}, format="json", REMOTE_ADDR=f"10.0.1.{n}")
    response = api.post(URL, {"receipt": submitted["receipt"]}, format="json", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["", "messages/", "rating/"])
def test_the_receipt_is_refused_in_the_address(api, submitted, path):
    receipt = submitted["receipt"].replace(" ", "")
    response = api.post(
        f"{URL}{path}?receipt={receipt}", {"receipt": receipt, "body": "x", "score": 5}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"receipt": ["Send the receipt in the request body, never in the address."]}


@pytest.mark.parametrize("path", ["", "messages/", "rating/"])
def test_tracking_answers_post_only(api, db, path):
    for method in ("get", "put", "delete"):
        response = getattr(api, method)(f"{URL}{path}")
        assert response.status_code == 405
        assert response.json() == {"detail": f"This address does not accept {method.upper()} requests."}


def test_only_json_is_read(api, submitted):
    response = api.post(URL, {"receipt": submitted["receipt"]}, format="multipart")
    assert response.status_code == 415
    assert response.json() == {"detail": "Send the request body as JSON (Content-Type: application/json)."}


def test_a_closed_case_can_be_rated(api, submitted):
    close(case_of(submitted))
    body = _track(api, submitted["receipt"]).json()
    assert (body["status"], body["can_rate"]) == ("closed", True)


# --- the forwarded-for header is trusted only from the configured proxies (issue 15 point 7) ---


def _guesses(api, *, peer: str, forwarded: list[str]) -> list[int]:
    return [
        _track(api, f"{n:08d}123456789012", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=address).status_code
        for n, address in enumerate(forwarded)
    ]


def test_a_client_reaching_the_server_directly_cannot_rotate_the_forwarded_header(api, submitted, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXIES = ["10.0.0.1", "192.168.7.0/24"]
    rotating = [f"198.51.100.{n}" for n in range(CLIENT_FAILURES_PER_WINDOW + 5)]
    statuses = _guesses(api, peer="203.0.113.50", forwarded=rotating)
    assert statuses == [404] * CLIENT_FAILURES_PER_WINDOW + [429] * 5


def test_behind_a_configured_proxy_each_forwarded_client_is_throttled_on_its_own(api, submitted, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXIES = ["10.0.0.1", "192.168.7.0/24"]
    guesser = ["198.51.100.9"] * (CLIENT_FAILURES_PER_WINDOW + 1)
    assert _guesses(api, peer="10.0.0.1", forwarded=guesser)[-1] == 429
    # The guesser, through the other proxy (a network of proxies), chained behind the first one.
    assert _guesses(api, peer="192.168.7.20", forwarded=["198.51.100.9, 10.0.0.1"])[-1] == 429
    # A forged entry on the left of the chain changes nothing: the proxy appended the real one.
    assert _guesses(api, peer="10.0.0.1", forwarded=["1.2.3.4, 198.51.100.9"])[-1] == 429
    # Another citizen behind the same proxy still opens their case.
    other = _track(api, submitted["receipt"], REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert other.status_code == 200
