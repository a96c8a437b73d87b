"""Scale-out (issue 8, point 4): two web processes and two Huey consumers against one PostgreSQL
database and one Redis on loopback.

Concurrent submissions, some retried with the same idempotency key at both web nodes at once,
are each stored exactly once; wrong receipts sent to both nodes in turn are throttled as one
(the counters are in Redis); then every case is made overdue and both consumers run the
escalation task several times at the same moment, then the e-mail batch task: each case
escalates once, each notification exists once, each user gets one e-mail.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection
from django.utils import timezone

from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.tests.staff import staff  # noqa: F401
from ourvoice.feedback.models import Feedback
from ourvoice.notifications.models import Notification
from ourvoice.ops.tests.processes import Server, Worker, database_url, manage, production_env, redis_cleanup

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several processes writing at once need PostgreSQL (CI's PostgreSQL pass runs this)",
    ),
]

THREADS = 6
REPORTS_PER_THREAD = 5


def wait_for(predicate: Callable[[], bool], timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("timed out waiting for the workers")


def _submit(url: str, area, key: str) -> requests.Response:
    body = {
        "kind": "complaint",
        "category": "slow-service",
        "commune": area.commune.code,
        "description": f"ការិយាល័យយឺតណាស់ {key[:6]}",
        "about_office": False,  # the routing question (issue 15)
    }
    return requests.post(f"{url}/api/v1/feedback/", json=body, headers={"Idempotency-Key": key}, timeout=60)


def _mail_count(folder) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in folder.glob("*.log") if folder.exists() else []:
        counts.update(re.findall(r"^To: (\S+)$", path.read_text(), flags=re.M))
    return counts


def test_two_web_nodes_and_two_workers_store_escalate_and_notify_exactly_once(tmp_path, area, staff):
    officers = [
        staff("office_staff", office=area.commune_office, email=f"c{i}@example.org") for i in range(2)
    ]
    ombudsman = staff("ombudsman", office=area.district_ombudsman, email="do@example.org")
    mail = tmp_path / "mail"
    env = production_env(
        tmp_path,
        database=database_url(tmp_path),
        redis=True,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
    )
    webs = [Server(env, tmp_path / f"web{i}.log", workers=1, threads=4) for i in range(2)]
    workers = [Worker(env, tmp_path / f"worker{i}.log", threads=2) for i in range(2)]
    processes: list[Server | Worker] = [*webs, *workers]
    try:
        for web in webs:
            web.start(wait=False)
        for worker in workers:
            worker.start()
        for web in webs:
            web.wait()

        # --- Concurrent submissions; every third one sent to both nodes at once (a retry race).
        answers: dict[str, list[requests.Response]] = {}
        lock = threading.Lock()

        def client(number: int) -> None:
            for report in range(REPORTS_PER_THREAD):
                key = uuid.uuid4().hex + "-scale"
                targets = [webs[(number + report) % 2].url]
                if report % 3 == 0:
                    targets = [web.url for web in webs]
                with ThreadPoolExecutor(len(targets)) as race:
                    responses = list(race.map(lambda url, key=key: _submit(url, area, key), targets))
                with lock:
                    answers[key] = responses

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(client, range(THREADS)))

        statuses = Counter(r.status_code for responses in answers.values() for r in responses)
        assert set(statuses) <= {200, 201}, statuses
        for responses in answers.values():
            assert len({r.json()["receipt"] for r in responses}) == 1  # a retry gets the same receipt
            assert sorted(r.status_code for r in responses)[-1] == 201  # exactly one created it...
            assert [r.status_code for r in responses].count(201) == 1  # ...and only one
        references = [responses[0].json()["reference"] for responses in answers.values()]
        assert Feedback.objects.count() == len(answers) == THREADS * REPORTS_PER_THREAD
        assert sorted(Feedback.objects.values_list("reference", flat=True)) == sorted(references)
        cases = len(answers)

        # --- Throttling counters live in Redis: wrong receipts at one node lock the case at both.
        locator = next(iter(answers.values()))[0].json()["receipt"].replace(" ", "")[:8]
        wrong = {"receipt": locator + "000000000000"}
        guesses = [
            requests.post(f"{webs[n % 2].url}/api/v1/track/", json=wrong, timeout=30).status_code
            for n in range(5)
        ]
        assert guesses == [404, 404, 404, 429, 429]

        # --- New-case notifications, created by whichever worker took each task: once each.
        wait_for(lambda: Notification.objects.filter(kind="new_case").count() >= cases * len(officers))

        # --- Every case overdue; both consumers escalate at the same moment, several times over.
        Case.objects.update(acknowledge_due=timezone.localdate() - datetime.timedelta(days=14))
        enqueue = "from ourvoice.cases.tasks import escalate_overdue_cases as t; [t() for _ in range(6)]"
        assert manage(env, "shell", "-c", enqueue).returncode == 0
        wait_for(lambda: CaseEvent.objects.filter(type=CaseEvent.Type.ESCALATED).count() >= cases)
        wait_for(lambda: Notification.objects.filter(kind="escalated").count() >= cases)

        # --- E-mail batches from both consumers at once: one e-mail per user.
        enqueue = "from ourvoice.notifications.tasks import email_pending_notifications as t; "
        enqueue += "[t() for _ in range(6)]"
        assert manage(env, "shell", "-c", enqueue).returncode == 0
        wait_for(lambda: not Notification.objects.filter(emailed_at__isnull=True).exists())
        time.sleep(2)  # let any duplicate run finish before counting
    finally:
        for process in processes:
            process.stop()
        redis_cleanup(env["OURVOICE_HUEY_NAME"])

    escalations = Counter(
        CaseEvent.objects.filter(type=CaseEvent.Type.ESCALATED).values_list("case_id", flat=True)
    )
    assert len(escalations) == cases and set(escalations.values()) == {1}
    assert set(Case.objects.values_list("level", "office_id")) == {(1, area.district_ombudsman.pk)}
    notifications = Counter(Notification.objects.values_list("recipient_id", "kind"))
    assert notifications == {
        **{(officer.pk, "new_case"): cases for officer in officers},
        (ombudsman.pk, "escalated"): cases,
    }
    assert _mail_count(mail) == {"c0@example.org": 1, "c1@example.org": 1, "do@example.org": 1}
    # Both consumers really worked: each log shows tasks it executed.
    for worker in workers:
        assert "Executing ourvoice." in worker.log.read_text()
