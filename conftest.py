"""Project-wide pytest fixtures: a small real area with every office type."""

from dataclasses import dataclass

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
