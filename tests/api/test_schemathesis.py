"""schemathesis against /api/v1/schema/, in process (the WSGI app, no server), with real data.

Every operation the schema lists is fuzzed - the REST API v1, Open311 and whatever is added
later - and every answer must be no 5xx and conform to the schema: status code, content type,
headers and body. The schema's own examples are tried first (they name real codes, so requests
reach the services), then generated cases. The number of examples per operation is bounded so
that the test takes well under a minute on two cores (SECURITY.md G4).
"""

import collections
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from ourvoice.apikeys.services import apikey_create
from ourvoice.feedback.models import Category
from ourvoice.feedback.services import FeedbackInput, feedback_submit

EXAMPLES_PER_OPERATION = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_process() -> Iterator[None]:
    """Keep the test's database connection across requests, as Django's test client does: the
    WSGI handler would otherwise close it at the end of each request (and, on PostgreSQL, the
    test's transaction with it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(area, settings, in_process) -> str:
    """Reports to read, an API key to write with, and no rate limit in the way."""
    settings.OPEN311_ANONYMOUS_READS_PER_MINUTE = 10**6
    for code in ("slow-service", "documents", "staff-conduct"):
        category = Category.objects.get(code=code)
        entry = FeedbackInput(
            kind=category.kind,
            category=category,
            description="ខ្ញុំបានរង់ចាំ",
            channel="web",
            commune=area.commune,
            about_office=False if category.asks_about_office else None,
            publication_consent=True,
        )
        feedback_submit(data=entry)
    return apikey_create(name="schemathesis", rate_per_minute=10**5).key


def test_every_operation_of_the_schema_survives_fuzzing(api_key):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {"/api/v1/feedback/", "/open311/v2/requests.{response_format}"} <= paths
    statuses: collections.Counter[tuple[str, int]] = collections.Counter()

    def call(case: schemathesis.Case) -> None:
        if case.operation.path.startswith("/open311/"):  # a real key, so that requests reach the services
            for given_values in (case.body, case.query):
                if isinstance(given_values, dict) and "api_key" in given_values:
                    given_values["api_key"] = api_key
        response = case.call()
        statuses[(case.operation.label, response.status_code)] += 1
        case.validate_response(response, checks=CHECKS)

    for operation in operations:
        cache.clear()  # receipt throttling must not turn every later answer into 429
        examples = operation.get_strategies_from_examples()
        for strategy in ([st.one_of(*examples)] if examples else []) + [operation.as_strategy()]:
            FUZZ(given(case=strategy)(lambda case: call(case)))()

    # The examples reached the services: reports were filed through both APIs.
    assert statuses[("POST /api/v1/feedback/", 201)] >= 1
    assert statuses[("POST /open311/v2/requests.{response_format}", 200)] >= 1
    assert statuses[("GET /open311/v2/requests.{response_format}", 200)] >= 1
