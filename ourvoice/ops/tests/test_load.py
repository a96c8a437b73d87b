"""SECURITY.md G3: under many concurrent clients on loopback there is no 5xx, no dropped
connection, and the rate limits answer 429 rather than falling over.

A real gunicorn (production settings, two workers of four threads) is loaded by sixteen clients
at once, each going twice round citizen pages in both languages, the API's reads, receipt
guesses and new reports (a few seconds) - with the limits per client on, so that the guesses and
the reports reach them (every client here has the same address). Bounded in work, not in time:
no timing is asserted (measurements live in bench/ and docs/performance.md).
"""

import itertools
import threading
from collections import Counter

import pytest
import requests

from ourvoice.api.tests.helpers import report_data
from ourvoice.ops.tests.processes import Server, database_url, production_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]

CLIENTS = 16
ROUNDS = 2


def test_concurrent_clients_get_no_server_error_and_the_limits_answer_429(tmp_path, area):
    report = report_data(area)
    requests_round = [
        ("GET", "/km/", None),
        ("GET", "/en/", None),
        ("GET", "/km/track/", None),
        ("GET", "/api/v1/categories/", None),
        ("GET", f"/api/v1/offices/?commune={area.commune.code}", None),
        ("GET", "/api/v1/geo/places/?q=siem", None),
        ("POST", "/api/v1/track/", {"receipt": "1234 5678 9012 3456 7890"}),
        ("POST", "/api/v1/feedback/", report),
        ("GET", "/healthz", None),
    ]
    env = production_env(
        tmp_path,
        database=database_url(tmp_path),
        # Limits on, not the test crowd's lifted ones: one address, many clients.
        OURVOICE_SUBMISSIONS_PER_CLIENT_PER_HOUR="10",
        OURVOICE_SUBMISSIONS_PER_OFFICE_PER_HOUR="300",
    )
    server = Server(env, tmp_path / "server.log", workers=2, threads=4).start()
    statuses: Counter[tuple[str, int]] = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        session = requests.Session()
        start = number % len(requests_round)
        work = itertools.islice(itertools.cycle(requests_round), start, start + ROUNDS * len(requests_round))
        for method, path, body in work:
            try:
                response = session.request(method, server.url + path, json=body, timeout=30)
                outcome = (path, response.status_code)
            except requests.RequestException as error:  # a dropped or refused connection
                with lock:
                    failures.append(f"{method} {path}: {type(error).__name__}")
                continue
            with lock:
                statuses[outcome] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.stop()
    assert not failures, failures[:10]
    assert sum(statuses.values()) == CLIENTS * ROUNDS * len(requests_round), statuses
    server_errors = {outcome: count for outcome, count in statuses.items() if outcome[1] >= 500}
    assert not server_errors, (server_errors, (tmp_path / "server.log").read_text()[-3000:])
    answered = {status for (_path, status) in statuses}
    assert answered <= {200, 201, 404, 429}, statuses
    assert statuses[("/api/v1/feedback/", 201)] > 0 and statuses[("/api/v1/feedback/", 429)] > 0
    assert statuses[("/api/v1/track/", 429)] > 0
