"""Whatever a client POSTs, the citizen endpoints answer JSON with a status below 500.

Bodies mix plausible values (real codes, ids and receipts, so the services run too) with any JSON
value of any type, in any field, including lone surrogates, NUL and huge numbers; multipart forms
carry arbitrary text and arbitrary files.
"""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from ourvoice.api.tests.helpers import case_of, close, report_data
from ourvoice.feedback.models import Kind

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
texts = st.text(max_size=40) | st.sampled_from(["", " ", "\x00", "\ud800", "០១២", "1" * 30])


def _plausible(area, open_receipt: str, closed_receipt: str) -> dict[str, st.SearchStrategy]:
    receipts = st.sampled_from([open_receipt, closed_receipt, "0000 0000 0000 0000 0000", "១២៣"])
    return {
        "kind": st.sampled_from([*Kind.values, "other"]),
        "category": st.sampled_from(
            ["slow-service", "service-evaluation", "unofficial-fee", "documents", "nope"]
        ),
        "commune": st.sampled_from([area.commune.code, area.other_commune.code, "១៧១០០១", "999999"]),
        "office": st.sampled_from([area.commune_office.pk, area.owso.pk, area.national.pk, 0, -1, 2**63]),
        "description": texts,
        "visit_date": st.sampled_from(["2025-01-02", "2999-01-01", "២០២៥-០១-០២", "0000-00-00"]),
        "answers": st.dictionaries(st.sampled_from(["days_waited", "told_deadline", "x"]), json_values),
        "scores": st.dictionaries(st.sampled_from(["overall", "courtesy", "x"]), json_values),
        "official_fee": st.integers() | texts,
        "amount_paid": st.integers() | texts,
        "receipt_given": json_values,
        "gender": st.sampled_from(["female", "male", "x"]),
        "contact_consent": json_values,
        "contact_phone": texts,
        "receipt": receipts,
        "body": texts,
        "score": st.integers(min_value=-2, max_value=7) | texts,
    }


FIELDS = {
    "/api/v1/feedback/": [
        "kind",
        "category",
        "commune",
        "office",
        "description",
        "visit_date",
        "answers",
        "scores",
        "official_fee",
        "amount_paid",
        "receipt_given",
        "gender",
        "contact_consent",
        "contact_phone",
    ],
    "/api/v1/track/": ["receipt"],
    "/api/v1/track/messages/": ["receipt", "body"],
    "/api/v1/track/rating/": ["receipt", "score"],
}


@pytest.fixture
def receipts(api, area) -> tuple[str, str]:
    open_case = api.post("/api/v1/feedback/", report_data(area), format="json").json()
    closed_case = api.post("/api/v1/feedback/", report_data(area), format="json").json()
    close(case_of(closed_case))
    return open_case["receipt"], closed_case["receipt"]


def _good_body(path: str, area, receipt: str) -> dict:
    if path == "/api/v1/feedback/":
        return report_data(area, visit_date="2025-01-02", answers={"days_waited": 3}, gender="female")
    return {"receipt": receipt, "body": "Thank you.", "score": 4}


def _check(response) -> None:
    assert response.status_code < 500, response.content
    assert response["Content-Type"] == "application/json"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), path=st.sampled_from(list(FIELDS)), lang=st.sampled_from(["km", "en", ""]))
def test_any_json_body_answers_without_a_server_error(area, receipts, data, path, lang):
    cache.clear()  # throttling would otherwise hide the deeper paths after a few guesses
    plausible = _plausible(area, *receipts)
    shape = data.draw(st.sampled_from(["mutated", "fields", "any"]))
    if shape == "mutated":  # a good request with a few fields changed: the services run too
        body = _good_body(path, area, data.draw(st.sampled_from(receipts)))
        for name in data.draw(st.sets(st.sampled_from(FIELDS[path]), max_size=3)):
            body[name] = data.draw(plausible[name] | json_values)
    elif shape == "fields":
        fields = {name: plausible[name] | json_values for name in FIELDS[path]}
        body = data.draw(st.fixed_dictionaries({}, optional=fields))
    else:
        body = data.draw(st.dictionaries(st.text(max_size=8), json_values) | json_values)
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if data.draw(st.booleans()):
        headers["HTTP_IDEMPOTENCY_KEY"] = data.draw(
            st.text(alphabet=st.characters(max_codepoint=255), max_size=40)
        )
    response = APIClient().generic("POST", path, json.dumps(body), content_type="application/json", **headers)
    _check(response)


form_files = st.lists(
    st.tuples(
        st.sampled_from(["a.jpg", "b.png", "c.pdf", "d.ogg", "e.html", "f", ".jpg", "g.JPG"]),
        st.binary(max_size=64)
        | st.sampled_from([b"\xff\xd8\xff\xe0", b"%PDF-1.4\n", b"OggS", b"\x89PNG\r\n\x1a\n"]),
    ),
    max_size=3,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), path=st.sampled_from(["/api/v1/feedback/", "/api/v1/track/messages/"]))
def test_any_multipart_form_answers_without_a_server_error(area, receipts, data, path):
    cache.clear()
    plausible = _plausible(area, *receipts)
    form: dict[str, object] = {}
    for name in FIELDS[path]:
        if data.draw(st.booleans()):
            value = data.draw(plausible[name] | json_values)
            form[name] = value if isinstance(value, str) else json.dumps(value)
    form = {key: str(value).encode("utf-8", "replace").decode() for key, value in form.items()}
    files = data.draw(form_files)
    form["attachments"] = [SimpleUploadedFile(name, content) for name, content in files]
    _check(APIClient().post(path, form, format="multipart"))
