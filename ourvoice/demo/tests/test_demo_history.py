"""manage.py demo_history (what `make run` fills the demo with): made once, resumed after a stop,
rollups built, and every page of figures saying that the data is synthetic."""

import io
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from ourvoice.accounts.models import User
from ourvoice.accounts.tests.conftest import sign_in_verified
from ourvoice.analytics.models import Fact
from ourvoice.cases.models import Case
from ourvoice.cases.workflow import OPEN_STATUSES
from ourvoice.demo.history import demo_history
from ourvoice.demo.models import SyntheticHistory
from ourvoice.feedback.models import Feedback

N = 300


@pytest.fixture
def history(pilot_places: None, data_dir: Path, caplog: pytest.LogCaptureFixture) -> SyntheticHistory:
    with caplog.at_level(logging.INFO, logger="ourvoice.demo"):
        call_command("demo_history", "--records", str(N), "--months", "4")
    return SyntheticHistory.objects.get()


def _client(username: str) -> Client:
    client = Client()
    sign_in_verified(client, User.objects.get(username=username))
    return client


def test_the_history_is_made_once_with_progress_and_kept_by_the_next_run(history, caplog):
    assert (history.target, history.made, history.months) == (N, N, 4)
    assert history.reports_done_at and history.finished_at
    made = "\n".join(record.getMessage() for record in caplog.get_records("setup"))
    assert f"Synthetic demo history: {N} of {N} reports (100%)" in made
    assert "rollups" in made and "Synthetic demo history: ready" in made
    assert Fact.objects.exists()  # the dashboards' rollups are built
    reports = Feedback.objects.count()
    assert reports >= N

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="ourvoice.demo"):
        call_command("demo_history", "--records", str(N))
    assert f"Synthetic demo history: {N} reports, already there (kept)." in caplog.text
    assert Feedback.objects.count() == reports
    assert SyntheticHistory.objects.get().made == N


def test_a_history_stopped_half_way_is_completed_by_the_next_run(pilot_places, data_dir):
    lines: list[str] = []

    def stop_after_the_first_batch(line: str) -> None:
        lines.append(line)
        if "reports (" in line:
            raise KeyboardInterrupt  # Ctrl-C, after a batch was committed

    with pytest.raises(KeyboardInterrupt):
        demo_history(records=150, months=2, batch=50, say=stop_after_the_first_batch)
    stopped = SyntheticHistory.objects.get()
    assert (stopped.made, stopped.finished_at) == (50, None)
    seeded = Feedback.objects.count() - 50

    result = demo_history(records=150, months=2, batch=50, say=lines.append)

    assert (result.made, result.target, result.kept) == (150, 150, False)
    assert Feedback.objects.count() == seeded + 150  # the missing 100 only
    assert SyntheticHistory.objects.get().finished_at is not None


def test_the_demo_inboxes_have_open_cases_to_work_on(history):
    client = _client("demo_office_staff")
    office = User.objects.get(username="demo_office_staff").office
    assert Case.objects.filter(office=office, status__in=OPEN_STATUSES, hidden_from=None).exists()
    page = client.get("/en/staff/cases/")
    assert page.status_code == 200
    assert len(page.context["page"].object_list) > 0


def _notice(html: str) -> bool:
    return 'class="notice notice--important data-notice"' in html


def test_every_page_of_figures_says_the_data_is_synthetic(history):
    public = Client()
    english = public.get("/en/transparency/").content.decode()
    assert _notice(english) and "Synthetic demo data." in english
    assert f'data-synthetic="{N}"' in english
    khmer = public.get("/km/transparency/").content.decode()
    assert _notice(khmer) and "ទិន្នន័យសាកល្បងសិប្បនិម្មិត" in khmer
    assert _notice(public.get("/en/transparency/12/").content.decode())

    national = _client("demo_national_oversight")
    for url in ("/en/staff/analytics/", "/en/staff/analytics/compare/", "/en/staff/analytics/reports/"):
        answer = national.get(url)
        assert answer.status_code == 200, url
        assert _notice(answer.content.decode()), url

    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    pdf = national.get(
        "/en/staff/analytics/reports/",
        {"area": "national", "year": str(year), "quarter": str(quarter), "language": "en"},
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Synthetic demo data." in " ".join(text.split())


def test_while_the_history_is_made_the_notice_says_how_far_it_got(history):
    SyntheticHistory.objects.update(target=1000, finished_at=None)
    page = Client().get("/en/transparency/").content.decode()
    assert "The demo history is still being made: 300 of 1000 reports (30%)." in page


def test_without_synthetic_data_no_page_carries_the_notice(pilot_places, data_dir):
    call_command("demo_seed", verbosity=0)
    assert not _notice(Client().get("/en/transparency/").content.decode())
    assert not _notice(_client("demo_national_oversight").get("/en/staff/analytics/").content.decode())
