"""A receipt that opens no case stays in the field, as typed, to be corrected (issue 16, point 5) –
and still never reaches an address or a cache (SECURITY.md A2)."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.services import feedback_submit
from ourvoice.feedback.throttle import CLIENT_FAILURES_PER_WINDOW
from ourvoice.web.tests.citizen import Citizen, Page


def _typed_field(page: Page) -> str:
    fields = [e for e in page.elements if e.tag == "input" and e.attrs.get("name") == "receipt"]
    assert len(fields) == 1
    return fields[0].attrs.get("value", "")


@st.composite
def typed_codes(draw: st.DrawFn) -> str:
    """20 digits as people type them: Latin or Khmer digits, in groups with spaces or dashes."""
    digits = draw(st.text(alphabet="0123456789", min_size=20, max_size=20))
    if draw(st.booleans()):
        digits = to_khmer_digits(digits)
    separator = draw(st.sampled_from(["", " ", "-", " - "]))
    return separator.join(digits[i : i + 4] for i in range(0, 20, 4))


@pytest.fixture
def real_receipt(place, make_input):
    return feedback_submit(data=make_input()).receipt


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=typed_codes(), lang=st.sampled_from(["km", "en"]))
def test_a_code_that_opens_nothing_comes_back_in_the_field_as_typed(real_receipt, typed, lang):
    cache.clear()
    real = real_receipt
    if typed.replace(" ", "").replace("-", "") in (real.digits, to_khmer_digits(real.digits)):
        return  # typed the real code: that one opens the case
    citizen = Citizen()
    response = citizen.post(f"/{lang}/track/", {"receipt": typed})
    assert response.status_code == 404
    assert _typed_field(Page.of(f"/{lang}/track/", response)) == typed
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("Location")
    for address in citizen.addresses:
        assert typed not in address and typed.replace(" ", "") not in address


def test_the_code_stays_in_the_field_when_the_client_must_wait(place):
    citizen = Citizen()
    for n in range(CLIENT_FAILURES_PER_WINDOW):
        citizen.post("/km/track/", {"receipt": f"{n:08d}123456789012"})
    typed = "១២៣៤ ៥៦៧៨ ៩០១២ ៣៤៥៦ ៧៨៩០"
    response = citizen.post("/km/track/", {"receipt": typed})
    assert response.status_code == 429
    assert _typed_field(Page.of("/km/track/", response)) == typed
    assert response["Cache-Control"] == "no-store"


def test_a_code_too_short_also_stays_in_the_field(place):
    response = Citizen().post("/en/track/", {"receipt": "1234 5678"})
    assert response.status_code == 400
    assert _typed_field(Page.of("/en/track/", response)) == "1234 5678"
