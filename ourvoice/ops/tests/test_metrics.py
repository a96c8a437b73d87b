"""What an operations team watches (issue 19, point 5): /ops/metrics (not public, no label that
could identify a citizen, a case or a receipt), /livez and /readyz."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from huey.contrib.djhuey import task
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient

from ourvoice.api.tests.helpers import report_data
from ourvoice.cases.escalation import case_escalate
from ourvoice.cases.models import Case
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401
from ourvoice.feedback.models import Feedback

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-the-tests-0123456789"
ALLOWED_LABELS = {"view", "method", "status", "level", "task", "le", "quantile"}
# prometheus-client's own figures of the Python process.
ALLOWED_LABELS |= {"generation", "implementation", "major", "minor", "patchlevel", "version"}


@pytest.fixture(autouse=True)
def _metrics(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_NETWORKS = ["10.20.0.0/16"]
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 1000
    cache.clear()
    yield
    cache.clear()


def _scrape(**extra) -> dict[str, list]:
    response = Client().get("/ops/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        family.name: family.samples for family in text_string_to_metric_families(response.content.decode())
    }


def _value(samples: list, **labels: str) -> float:
    return sum(s.value for s in samples if all(s.labels.get(k) == v for k, v in labels.items()))


def test_metrics_are_not_public():
    anyone = Client()
    assert anyone.get("/ops/metrics").status_code == 404
    assert anyone.get("/ops/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    # A forwarded address proves nothing: only the direct peer counts.
    assert anyone.get("/ops/metrics", HTTP_X_FORWARDED_FOR="10.20.1.2").status_code == 404
    assert anyone.get("/ops/metrics", REMOTE_ADDR="192.0.2.7").status_code == 404
    assert anyone.get("/ops/metrics", REMOTE_ADDR="10.20.1.2").status_code == 200
    assert anyone.get("/ops/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_metrics_off_when_neither_token_nor_network_is_set(settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_NETWORKS = []
    assert Client().get("/ops/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert Client().get("/ops/metrics", REMOTE_ADDR="10.20.1.2").status_code == 404


def test_requests_are_counted_by_route_name_and_no_label_identifies_a_citizen_case_or_receipt(area, staff):
    api = APIClient()
    receipts = []
    for number in range(3):
        response = api.post("/api/v1/feedback/", report_data(area, description=f"ការិយាល័យ {number}"))
        assert response.status_code == 201
        receipts.append(response.json()["receipt"])
    for receipt in receipts:
        assert api.post("/api/v1/track/", {"receipt": receipt}, format="json").status_code == 200
    api.post("/api/v1/track/", {"receipt": "1234 5678 9012 3456 7890"}, format="json")
    office = client_for(staff("office_staff", office=area.commune_office))
    cases = list(Case.objects.select_related("feedback"))
    for case in cases:
        assert office.get(f"/en/staff/cases/{case.pk}/").status_code == 200
    assert office.get("/en/staff/cases/987654/").status_code == 404
    Client().get(f"/en/no-such-page/{receipts[0].replace(' ', '')}/")

    families = _scrape()
    text = Client().get("/ops/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    requests = families["ourvoice_http_requests"]
    assert _value(requests, method="POST", status="2xx") >= 6
    assert _value(requests, status="4xx") >= 2
    views = {s.labels["view"] for s in requests}
    assert "unmatched" in views and all("/" not in view for view in views)
    assert "ourvoice_http_request_duration_seconds" in families
    # No label anywhere may carry what identifies a citizen, a case or a receipt.
    secrets = {r.replace(" ", "") for r in receipts} | {r[:9] for r in receipts}
    for feedback in Feedback.objects.all():
        secrets |= {feedback.locator, feedback.reference, str(feedback.public_id)}
    for family in families.values():
        for sample in family:
            assert set(sample.labels) <= ALLOWED_LABELS, sample
            for name, value in sample.labels.items():
                assert not any(secret in value for secret in secrets), sample
                if name in {"view", "task", "method", "status"}:
                    assert value not in {str(case.pk) for case in cases}, sample
    assert not any(secret in text for secret in secrets)
    assert "987654" not in text


def test_escalations_deadline_breaches_backlog_and_task_failures(
    area, make_input, staff, django_capture_on_commit_callbacks
):
    from ourvoice.feedback.services import feedback_submit

    staff("office_head", office=area.district_ombudsman, email="head@example.org")
    first = feedback_submit(data=make_input()).case
    second = feedback_submit(data=make_input()).case
    Case.objects.filter(pk=second.pk).update(acknowledge_due=datetime.date(2020, 1, 6))  # long overdue
    with django_capture_on_commit_callbacks(execute=True):
        escalated = case_escalate(case=first, reason="overdue")
    assert escalated.level == 1

    @task()
    def always_fails() -> None:
        raise RuntimeError("boom")

    always_fails()  # the test's Huey runs it at once; the error is logged and counted

    families = _scrape()
    assert _value(families["ourvoice_escalations"], level="1") == 1
    assert _value(families["ourvoice_cases_open"], level="0") == 1
    assert _value(families["ourvoice_cases_open"], level="1") == 1
    assert _value(families["ourvoice_cases_overdue"], level="0") == 1
    assert _value(families["ourvoice_notifications_email_backlog"]) >= 1  # the head was notified
    assert _value(families["ourvoice_task_failures"], task="always_fails") == 1
    assert "ourvoice_queue_depth" in families


def test_liveness_and_readiness():
    assert Client().get("/livez").json() == {"status": "ok"}
    ready = Client().get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}
    # A cache that does not answer (nothing listens on that port): not ready, and it says which.
    unreachable = {
        "default": {
            "BACKEND": "ourvoice.core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        down = Client().get("/readyz")
    assert down.status_code == 503 and down.json()["cache"] == "down"


def test_the_sample_dashboard_and_alert_rules_use_only_exported_metrics():
    """docs/ops: every expression names a metric /ops/metrics serves (or Prometheus's own)."""
    import json
    import re
    from pathlib import Path

    import yaml

    docs = Path(__file__).resolve().parents[3] / "docs" / "ops"
    rules = yaml.safe_load((docs / "prometheus-alerts.yml").read_text())
    dashboard = json.loads((docs / "grafana-dashboard.json").read_text())
    expressions = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    expressions += [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    served = set(_scrape())
    used = {name for expr in expressions for name in re.findall(r"\b(ourvoice_[a-z_]+)", expr)}
    suffixes = ("_total", "_bucket", "_count", "_sum")
    assert len(used) >= 8
    for name in used:
        family = next((name.removesuffix(s) for s in suffixes if name.endswith(s)), name)
        assert family in served or name in served, name
