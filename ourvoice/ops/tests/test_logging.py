"""The log filter scrubs client addresses and query strings from every line (SECURITY.md A1, A5)."""

import logging
import string

from hypothesis import given
from hypothesis import strategies as st

from ourvoice.ops.logging import NoClientAddress, scrub


def test_query_strings_and_addresses_are_cut_from_a_record():
    record = logging.LogRecord(
        "django.security.csrf",
        logging.WARNING,
        __file__,
        1,
        "Forbidden (%s): %s",
        ("Referer https://site.example/track/?receipt=12345678 from 203.0.113.5", "/km/track/?code=9"),
        None,
    )
    record.referer = "https://site.example/?q=private"  # an extra field
    assert NoClientAddress().filter(record)
    message = record.getMessage()
    assert (
        message
        == "Forbidden (Referer https://site.example/track/?[query] from [address]): /km/track/?[query]"
    )
    assert record.referer == "https://site.example/?[query]"  # type: ignore[attr-defined]


def test_a_question_in_prose_and_a_clock_time_are_kept():
    assert scrub("Is the worker up? yes, at 06:58:12.") == "Is the worker up? yes, at 06:58:12."


URL_CHARACTERS = string.ascii_letters + string.digits + "=&%-_.~+/:;,@!$*[]" + "ឆ្នាំ២០២៦"


@given(st.text(alphabet=URL_CHARACTERS, min_size=1))
def test_no_query_survives_after_a_path(query):
    assert scrub(f"GET /km/track/?{query} failed") == "GET /km/track/?[query] failed"
