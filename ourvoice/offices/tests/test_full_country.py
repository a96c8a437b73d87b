"""The real gazetteer and the real offices, loaded once: the counts the whole country must have.

The one slow test of these apps (a few seconds); the others use a small slice of the files.
"""

import pytest
from django.db.models import Count

from ourvoice.geo.models import Commune, District, Province, Village
from ourvoice.geo.services import gazetteer_load
from ourvoice.offices.models import Office
from ourvoice.offices.services import offices_generate

T = Office.Type


@pytest.mark.django_db
def test_full_country_load_and_offices_are_complete_and_idempotent():
    gazetteer_load()
    offices_generate()

    def counts(model, field="type"):
        return dict(model.objects.values_list(field).annotate(n=Count("pk")).order_by())

    assert Province.objects.count() == 25
    assert counts(Province) == {"province": 24, "capital": 1}
    assert District.objects.count() == 210
    assert counts(District) == {"district": 163, "municipality": 33, "khan": 14}
    assert Commune.objects.count() == 1652
    assert counts(Commune) == {"commune": 1378, "sangkat": 274}
    assert Village.objects.count() == 14578
    assert counts(Office) == {
        T.COMMUNE: 1652,
        T.OWSO: 210,
        T.DISTRICT_OMBUDSMAN: 210,
        T.OWSU: 25,
        T.PROVINCIAL_OMBUDSMAN: 25,
        T.NATIONAL_OVERSIGHT: 1,
    }
    assert not Office.objects.exclude(type=T.NATIONAL_OVERSIGHT).filter(oversight__isnull=True).exists()
    assert Office.objects.get(type=T.PROVINCIAL_OMBUDSMAN, province__type="capital").name_en == (
        "Phnom Penh Capital Ombudsman"
    )

    assert gazetteer_load().skipped
    assert not gazetteer_load(force=True).changed
    again = offices_generate()
    assert all(c.created == c.updated == 0 for c in again.types.values())
    assert Office.objects.count() == 1652 + 210 * 2 + 25 * 2 + 1
