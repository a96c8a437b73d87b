"""Project-wide pytest fixtures (a small real area with every office type), and the order in
which the suite runs: the known-slow tests first (``SLOW_FIRST``)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import pytest

from ourvoice.feedback.models import Category, Channel, Kind
from ourvoice.feedback.services import FeedbackInput
from ourvoice.geo.models import Commune, District, Province
from ourvoice.geo.search import build_search_text
from ourvoice.offices.models import Office


@dataclass
class Area:
    province: Province
    district: District
    commune: Commune
    other_commune: Commune
    commune_office: Office
    other_commune_office: Office
    owso: Office
    district_ombudsman: Office
    owsu: Office
    provincial_ombudsman: Office
    national: Office


def _office(type_: str, name: str, **where: object) -> Office:
    return Office.objects.create(type=type_, name_en=name, name_km=name, **where)


@pytest.fixture
def area(db: None) -> Area:
    """Siem Reap province, one district, two communes, and the offices of DOMAIN.md."""

    def names(km: str, en: str) -> dict[str, str]:
        return {"name_km": km, "name_en": en, "search_text": build_search_text([km, en])}

    province = Province.objects.create(code="17", type="province", **names("សៀមរាប", "Siem Reap"))
    district = District.objects.create(
        code="1710", type="municipality", province=province, **names("សៀមរាប", "Siem Reap")
    )
    commune = Commune.objects.create(
        code="171001", type="sangkat", district=district, **names("ស្លក្រាម", "Sla Kram")
    )
    other = Commune.objects.create(
        code="171002", type="sangkat", district=district, **names("ស្វាយដង្គំ", "Svay Dankum")
    )
    national = _office(Office.Type.NATIONAL_OVERSIGHT, "Ministry of Interior")
    owsu = _office(Office.Type.OWSU, "OWSU Siem Reap", province=province, oversight=national)
    po = _office(Office.Type.PROVINCIAL_OMBUDSMAN, "PO Siem Reap", province=province, oversight=national)
    do = _office(
        Office.Type.DISTRICT_OMBUDSMAN, "DO Siem Reap", province=province, district=district, oversight=po
    )
    owso = _office(Office.Type.OWSO, "OWSO Siem Reap", province=province, district=district, oversight=do)
    where = {"province": province, "district": district}
    c1 = _office(Office.Type.COMMUNE, "Sla Kram office", commune=commune, oversight=do, **where)
    c2 = _office(Office.Type.COMMUNE, "Svay Dankum office", commune=other, oversight=do, **where)
    return Area(province, district, commune, other, c1, c2, owso, do, owsu, po, national)


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: object) -> None:
    """Each test writes uploads to its own folder, so file assertions see only its files."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined,operator]


@pytest.fixture
def make_input(area):
    """A valid input for a kind; override any field by keyword."""

    def make(kind: str = Kind.COMPLAINT, category: str | None = None, **overrides: object) -> FeedbackInput:
        codes: dict[str, str] = {
            Kind.COMPLAINT: "slow-service",
            Kind.SUPPORT: "resolve-problem",
            Kind.INFORMATION: "processing-time",
            Kind.EVALUATION: "service-evaluation",
        }
        chosen = Category.objects.get(code=category or codes[kind])
        values: dict[str, object] = {
            "kind": kind,
            "category": chosen,
            "description": "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។",
            "channel": Channel.WEB,
            "commune": area.commune,
            "office": area.commune_office,
            # Complaint topics that ask it need the answer: by default, not about the office.
            "about_office": False if chosen.asks_about_office else None,
        }
        values.update(overrides)
        return FeedbackInput(**values)  # type: ignore[arg-type]

    return make


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Throttling counters live in the cache: one test's failures must not lock the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Code run outside a request (a bot turn, an Open311 locale) may activate a language; the next
    test in the same worker must not inherit it (a command would then answer in Khmer)."""
    yield
    from django.utils import translation

    translation.deactivate()


# --- The slowest tests start first --------------------------------------------------------------
# pytest-xdist hands out tests in collection order, so a slow test collected last runs alone at the
# end while the other workers wait (`make run` twice, ~2-3 minutes, was collected last). Listed
# here, slowest first (from `pytest --durations`, on the 2-core machine), they start at once on
# every worker and the workers end together. tests/test_order.py checks that each entry exists.
# pytest-django's order is kept for the tests that empty the database after them
# (transactional_db, live_server: the browser tests): they run after all others, in collection
# order, since a test after them may need what the migrations seeded (categories, deadline rules).
SLOW_FIRST = (
    # seconds, summed per module, `pytest -n 0 --durations` on the 2-core machine (load ~8);
    # `make run` twice: 100
    "tests/flows/test_make_run.py::test_make_run_serves_khmer_fills_the_demo_and_stops_leaving_nothing",
    "ourvoice/demo/tests/",  # 115: synthetic histories and the real gazetteer
    "ourvoice/ops/tests/test_production.py",  # 53: real gunicorn, Huey, moto processes
    "ourvoice/ops/tests/test_faults.py",  # PostgreSQL and Redis only
    "ourvoice/ops/tests/test_scale_out.py",  # PostgreSQL and Redis only
    "tests/api/test_schemathesis.py",  # 45: one test
    "ourvoice/analytics/tests/test_report.py",  # 26: WeasyPrint
    "ourvoice/offices/tests/test_full_country.py",  # 20: one test
    "ourvoice/catalogue/tests/test_posters.py",  # 8
)


class _Item(Protocol):
    @property
    def nodeid(self) -> str: ...


T = TypeVar("T", bound=_Item)


def flushes_database(item: object) -> bool:
    """Whether a test empties the database after it (pytest-django's "transactional" tests)."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if isinstance(cls, type) and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    get_marker = getattr(item, "get_closest_marker", None)
    marker = get_marker("django_db") if get_marker else None
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def slow_first(
    items: Sequence[T], slow: Sequence[str] = SLOW_FIRST, flushes: Callable[[T], bool] = flushes_database
) -> list[T]:
    """``items`` with those matching an entry of ``slow`` first, in the entries' order; the tests
    that flush the database after all others, as collected; otherwise collection order (stable)."""

    def rank(item: T) -> tuple[bool, int]:
        if flushes(item):
            return True, 0
        return False, next((n for n, prefix in enumerate(slow) if item.nodeid.startswith(prefix)), len(slow))

    return sorted(items, key=rank)


# --- Data migrations' rows after a transactional test ----------------------------------------------
# A transactional test (live server, other processes) ends by emptying every table, the rows that
# data migrations seeded included. Such tests run after all others (``slow_first``), and each puts
# those rows back first if an earlier one removed them (``_seeded_after_a_flush``).
SEED_MIGRATIONS = [
    ("ourvoice.feedback.migrations.0002_starter_categories", "load"),
    ("ourvoice.catalogue.migrations.0002_starter_services", "load"),
    ("ourvoice.cases.migrations.0004_deadlines", "seed"),
]


def reseed() -> None:
    """Put back the rows of the data migrations if a flush removed them."""
    from importlib import import_module

    from django.apps import apps

    if Category.objects.exists():
        return
    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)


def _drop_search_rows_of_removed_reports() -> None:
    """A flush empties the tables Django knows. SQLite's full-text index is a virtual table it
    does not know: rows of reports removed by a flush would stay and collide with new reports."""
    from django.db import connection

    from ourvoice.cases.search import FTS_TABLE

    if connection.vendor != "sqlite" or FTS_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM feedback_feedback)")  # noqa: S608


@pytest.fixture(autouse=True)
def _seeded_after_a_flush(request: pytest.FixtureRequest) -> None:
    if flushes_database(request.node):
        request.getfixturevalue("transactional_db")
        _drop_search_rows_of_removed_reports()
        reseed()


@pytest.hookimpl(trylast=True)  # after pytest-django's own order, which it keeps within each group
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    items[:] = slow_first(items)
