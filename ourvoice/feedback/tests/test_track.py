"""SECURITY.md B3-B4: receipts open cases; guesses are throttled before any hash is computed."""

import pytest
from django.core.cache import cache

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback import receipts
from ourvoice.feedback.services import ReceiptRejected, feedback_submit, receipt_open
from ourvoice.feedback.throttle import CLIENT_FAILURES_PER_WINDOW, Throttled


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submission(make_input):
    return feedback_submit(data=make_input())


def test_the_receipt_opens_its_case_in_any_spelling(submission):
    grouped = submission.receipt.grouped()
    assert receipt_open(receipt_text=grouped, client="c1") == submission.case
    assert receipt_open(receipt_text=to_khmer_digits(grouped), client="c1") == submission.case
    assert receipt_open(receipt_text=grouped.replace(" ", "-"), client="c1") == submission.case


def test_unknown_case_and_wrong_secret_are_the_same_rejection(submission):
    wrong_secret = submission.receipt.locator + "000000000000"
    unknown_case = "99999999" + submission.receipt.secret
    for text in (wrong_secret, unknown_case, "not a receipt"):
        with pytest.raises(ReceiptRejected):
            receipt_open(receipt_text=text, client="c1")


def test_a_client_guessing_is_throttled_before_hashing_and_others_are_not(submission, monkeypatch):
    hashed = []
    real_verify = receipts.verify_secret

    def counting_verify(stored: str, secret: str) -> bool:
        hashed.append(secret)
        return real_verify(stored, secret)

    def counting_nothing(secret: str) -> bool:
        hashed.append(secret)
        return False

    monkeypatch.setattr(receipts, "verify_secret", counting_verify)
    monkeypatch.setattr(receipts, "verify_nothing", counting_nothing)
    outcomes = []
    for guess in range(1000):
        text = f"{guess:08d}" + "123456789012"
        try:
            receipt_open(receipt_text=text, client="attacker")
        except ReceiptRejected:
            outcomes.append("rejected")
        except Throttled:
            outcomes.append("throttled")
    assert outcomes.count("rejected") == CLIENT_FAILURES_PER_WINDOW
    assert outcomes.count("throttled") == 1000 - CLIENT_FAILURES_PER_WINDOW
    assert len(hashed) == CLIENT_FAILURES_PER_WINDOW  # no hash computed once throttled
    # Another citizen still opens their case.
    assert receipt_open(receipt_text=str(submission.receipt), client="citizen") == submission.case


def test_a_case_locks_after_a_few_wrong_secrets_from_many_clients(submission):
    locator = submission.receipt.locator
    for n in range(3):
        with pytest.raises(ReceiptRejected):
            receipt_open(receipt_text=locator + f"{n:012d}", client=f"client-{n}")
    with pytest.raises(Throttled) as locked:
        receipt_open(receipt_text=str(submission.receipt), client="client-x")
    assert locked.value.retry_after > 0
