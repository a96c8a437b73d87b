"""SECURITY.md B3-B4: receipts open cases; guesses are throttled before any hash is computed."""

import contextlib

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback import receipts, throttle
from ourvoice.feedback.services import ReceiptRejected, feedback_submit, receipt_open
from ourvoice.feedback.throttle import CASE_FREE_FAILURES, CLIENT_FAILURES_PER_WINDOW, Throttled


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


def test_a_clients_wrong_secrets_for_one_case_lock_that_client_out_of_it(submission):
    locator = submission.receipt.locator
    for n in range(3):
        with pytest.raises(ReceiptRejected):
            receipt_open(receipt_text=locator + f"{n:012d}", client="guesser")
    with pytest.raises(Throttled) as locked:
        receipt_open(receipt_text=str(submission.receipt), client="guesser")
    assert locked.value.retry_after > 0


def test_opening_the_case_forgets_the_holders_earlier_typos(submission):
    """A success clears the client's count for the case (only then: with no count there is
    nothing to clear, and a tracking request makes no write to the cache)."""
    locator = submission.receipt.locator
    for _round in range(3):
        for n in range(CASE_FREE_FAILURES - 1):
            with pytest.raises(ReceiptRejected):
                receipt_open(receipt_text=locator + f"{n:012d}", client="holder")
        assert receipt_open(receipt_text=str(submission.receipt), client="holder") == submission.case
    assert throttle.receipt_check(locator=locator, client="holder") == 0


def test_strangers_wrong_secrets_for_a_case_do_not_lock_its_holder(submission):
    """Issue 15: anyone who saw a case's reference could send three wrong receipts for it and lock
    the citizen out of their own case for up to 24 hours."""
    locator = submission.receipt.locator
    for n in range(6):
        with contextlib.suppress(ReceiptRejected, Throttled):
            receipt_open(receipt_text=locator + f"{n:012d}", client=f"stranger-{n % 2}")
    assert receipt_open(receipt_text=str(submission.receipt), client="holder") == submission.case


@settings(max_examples=60, deadline=None)
@given(
    guesses=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=200),
    holder_failures=st.integers(min_value=0, max_value=CASE_FREE_FAILURES - 1),
)
def test_no_one_without_the_receipt_can_lock_its_holder_out(guesses, holder_failures):
    """However many wrong receipts strangers send for a case, from however many clients, its holder
    (who may have mistyped a few times) is let through to the hash check at once."""
    cache.clear()
    locator = "12345678"
    for stranger in guesses:
        with contextlib.suppress(Throttled):
            throttle.receipt_check(locator=locator, client=f"stranger-{stranger}")
            throttle.receipt_failure(locator=locator, client=f"stranger-{stranger}")
    for _ in range(holder_failures):
        throttle.receipt_failure(locator=locator, client="holder")
    throttle.receipt_check(locator=locator, client="holder")  # raises Throttled if locked out
