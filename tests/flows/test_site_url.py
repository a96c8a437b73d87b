"""`make run` gives the site the address it serves on, so QR posters and printed links point there
(issue 16 point 4), and an address set by the operator wins."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = "show-site-url: ; @echo $$OURVOICE_SITE_URL"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def _site_url(*args: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "OURVOICE_SITE_URL"} | env
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", f"--eval={SHOW}", "show-site-url", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_sets_the_site_address_to_the_address_it_serves() -> None:
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url("HOST=192.168.1.20", "PORT=8080") == "http://192.168.1.20:8080"


def test_an_address_set_by_the_operator_is_kept() -> None:
    assert _site_url(OURVOICE_SITE_URL="https://ourvoice.example.gov.kh") == "https://ourvoice.example.gov.kh"
