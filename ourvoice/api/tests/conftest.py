"""API test fixtures: the small gazetteer, and a Khmer catalogue for the API's messages.

The project's catalogue (locale/km) is kept by the translators; these tests install their own
compiled catalogue ahead of it, so that they check that every message is looked up lazily in the
request's language, whatever wording the translators choose. The Khmer below is the proposed
translation (to be checked by a native speaker and merged into locale/km/LC_MESSAGES/django.po).
"""

import importlib
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ourvoice.api.tests.helpers import report_data
from ourvoice.geo.tests.fixtures import gazetteer, small_data_dir, verified_admin_client  # noqa: F401

# polib has no type hints; importing it by name keeps mypy quiet in incremental and clean runs alike.
polib = importlib.import_module("polib")

KHMER = {
    "Give a province code of 2 digits, for example 17.": "សូមផ្ដល់លេខកូដខេត្ត ឬរាជធានី ២ ខ្ទង់ ឧទាហរណ៍ ១៧។",
    "Give a district code of 4 digits, for example 1710.": "សូមផ្ដល់លេខកូដស្រុក ក្រុង ឬខណ្ឌ ៤ ខ្ទង់ ឧទាហរណ៍ ១៧១០។",
    "Give a commune code of 6 digits, for example 171009.": "សូមផ្ដល់លេខកូដឃុំ ឬសង្កាត់ ៦ ខ្ទង់ ឧទាហរណ៍ ១៧១០០៩។",
    "Give the name of a place to search for, at most 100 characters.": (
        "សូមវាយឈ្មោះទីកន្លែងដែលត្រូវស្វែងរក យ៉ាងច្រើន ១០០ តួអក្សរ។"
    ),
    "Give a number of results from 1 to 50.": "សូមផ្ដល់ចំនួនលទ្ធផលពី ១ ដល់ ៥០។",
    "No province has this code.": "គ្មានខេត្ត ឬរាជធានីណាមានលេខកូដនេះទេ។",
    "No district has this code.": "គ្មានស្រុក ក្រុង ឬខណ្ឌណាមានលេខកូដនេះទេ។",
    "No commune has this code.": "គ្មានឃុំ ឬសង្កាត់ណាមានលេខកូដនេះទេ។",
}


@pytest.fixture
def khmer_catalogue(settings, tmp_path: Path) -> dict[str, str]:
    """Compile ``KHMER`` into a catalogue that takes precedence over the project's."""
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "km"}
    for msgid, msgstr in KHMER.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    folder = tmp_path / "locale" / "km" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue.save_as_mofile(str(folder / "django.mo"))
    # The first of LOCALE_PATHS wins; changing the setting resets Django's translation caches.
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    return KHMER


# --- Citizen endpoints (feedback, tracking) --------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Receipt throttling counts live in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def submitted(api, area) -> dict:
    """A report submitted through the API: its 201 body (reference, receipt...)."""
    response = api.post("/api/v1/feedback/", report_data(area), format="json")
    assert response.status_code == 201, response.content
    return response.json()
