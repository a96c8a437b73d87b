"""Upgrades that do not stop the service (issue 19, point 6).

- ``make check`` runs ``scripts/lint_migrations.py`` (django-migration-linter): a migration after
  the baseline that would lock a large table or break the running release fails it;
- the previous release (the code of the commit that recorded the baseline, from git) runs against
  the schema of this one: if every migration since claims ``backward_compatible = True``, the old
  code must seed, write reports through its own bulk paths and serve its API and pages on the new
  schema, as its web nodes do during a rolling upgrade (docs/operations.md, "Upgrading").

The nearest real thing on one machine: the old release's own code in another folder, in its own
processes, on a SQLite file migrated by the new code (not gunicorn behind a load balancer).
"""

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))

from lint_migrations import lint, project_migrations, read_baseline  # noqa: E402

SMOKE = """
import json
from django.test import Client
from ourvoice.feedback.models import Category
from ourvoice.offices.models import Office

office = Office.objects.filter(type="commune").select_related("commune").first()
category = Category.objects.get(code="slow-service")
client = Client()
data = {"kind": "complaint", "category": category.code, "commune": office.commune.code,
        "office": office.pk, "description": "old release, new schema", "about_office": False}
answer = client.post("/api/v1/feedback/", data=json.dumps(data), content_type="application/json")
assert answer.status_code == 201, answer.content
receipt = answer.json()["receipt"]
body = json.dumps({"receipt": receipt})
tracked = client.post("/api/v1/track/", data=body, content_type="application/json")
assert tracked.status_code == 200, tracked.content
for page in ("/km/", "/en/transparency/", "/api/v1/categories/"):
    assert client.get(page).status_code == 200, page
print("old release OK")
"""


@pytest.mark.django_db(transaction=True)
def test_the_linter_flags_an_index_built_on_an_existing_table():
    baseline = read_baseline()
    assert baseline <= set(project_migrations())  # the released migrations are still there
    assert lint(set(project_migrations()))  # history passes (whatever the baseline's age)
    # As if feedback.0006 (an index on the reports table) were new: the linter must refuse it.
    assert not lint(set(project_migrations()) - {("feedback", "0006_province_month_index")})


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs once, on SQLite files of its own")
def test_the_previous_release_runs_against_the_new_schema(tmp_path):
    release = _git("log", "-1", "--format=%H", "--", "scripts/migration-lint-baseline.txt")
    if not release:
        pytest.skip("no git history here: the previous release cannot be checked out")
    loader = MigrationLoader(None, ignore_no_migrations=True, load=False)
    loader.load_disk()
    new = sorted(set(project_migrations()) - read_baseline())
    unclaimed = [m for m in new if not getattr(loader.disk_migrations[m], "backward_compatible", False)]
    if unclaimed:
        pytest.skip(f"{unclaimed} do not claim backward compatibility: that release needs a window")

    old = tmp_path / "previous"
    archive = tmp_path / "previous.tar"
    subprocess.run(["git", "archive", "-o", str(archive), release], cwd=ROOT, check=True, timeout=120)
    with tarfile.open(archive) as tar:
        tar.extractall(old, filter="data")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "OURVOICE_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": "",
    }

    def run(code: Path, *command: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=code,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{code.name} {command}: {done.stdout[-2000:]}{done.stderr[-4000:]}"
        return done.stdout

    run(ROOT, "migrate", "--noinput")  # the new release migrates first (one machine) ...
    # ... while the previous release keeps serving and working on that schema.
    for command in (
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["geo_load"],
        ["offices_generate"],
        ["demo_seed"],
        ["demo_synthesize", "--records", "20"],
    ):
        run(old, *command)
    assert "old release OK" in run(old, "shell", "-c", SMOKE)
    run(ROOT, "check")  # and the new release, started afterwards, is happy with what the old wrote
    shutil.rmtree(old)
