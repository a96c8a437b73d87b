"""Whatever a client sends as a filter, the API answers 200, 400 or 404, never 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ENDPOINTS = [
    ("/api/v1/geo/districts/", "province"),
    ("/api/v1/geo/communes/", "district"),
    ("/api/v1/geo/places/", "q"),
    ("/api/v1/geo/places/", "limit"),
    ("/api/v1/offices/", "commune"),
]
values = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="0123456789០១២៣៤៥៦៧៨៩ \u200b%_|\x00", max_size=8),
    st.sampled_from(["", "12", "1213", "121301", "99", "-1", "1e3", "៉", "\\", "'", '"', "%%", "__"]),
)


@pytest.mark.usefixtures("gazetteer")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(ENDPOINTS), value=values, lang=st.sampled_from(["km", "en", "fr", ""]))
def test_any_filter_value_answers_without_a_server_error(endpoint, value, lang):
    path, parameter = endpoint
    response = Client().get(path, {parameter: value}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"] == "application/json"
