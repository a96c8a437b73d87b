"""Fixtures of the citizen page tests: a searchable area with Khmer office names, a clean cache."""

import pytest
from django.core.cache import cache

from ourvoice.geo.models import Village
from ourvoice.geo.search import build_search_text


@pytest.fixture(autouse=True)
def _clean_cache():
    """Receipt throttling counts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def place(area):
    """The shared area, findable by name (as geo_load makes it), its offices named in Khmer too,
    and one village."""
    for unit in (area.province, area.district, area.commune, area.other_commune):
        unit.search_text = build_search_text([unit.name_km, unit.name_en])
        unit.save(update_fields=["search_text"])
    khmer = {
        area.commune_office: "សាលាសង្កាត់ស្លក្រាម",
        area.other_commune_office: "សាលាសង្កាត់ស្វាយដង្គំ",
        area.owso: "ការិយាល័យច្រកចេញចូលតែមួយក្រុងសៀមរាប",
        area.district_ombudsman: "ការិយាល័យប្រជាពលរដ្ឋក្រុងសៀមរាប",
        area.owsu: "អង្គភាពច្រកចេញចូលតែមួយខេត្តសៀមរាប",
        area.provincial_ombudsman: "ការិយាល័យប្រជាពលរដ្ឋខេត្តសៀមរាប",
    }
    for office, name in khmer.items():
        office.name_km = name
        office.save(update_fields=["name_km"])
    names = ["ភូមិវត្តបូព៌", "Phum Wat Bo"]
    Village.objects.create(
        code="17100101",
        commune=area.commune,
        name_km=names[0],
        name_en=names[1],
        search_text=build_search_text(names),
    )
    return area
