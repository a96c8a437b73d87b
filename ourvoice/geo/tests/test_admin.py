"""The gazetteer in the admin: searchable, read only, pilot flag editable."""

import pytest

from ourvoice.geo.models import Province

pytestmark = pytest.mark.usefixtures("gazetteer")


@pytest.mark.parametrize("model", ["province", "district", "commune"])
def test_changelists_answer_and_places_cannot_be_added(verified_admin_client, model):
    assert verified_admin_client.get(f"/en/admin/geo/{model}/").status_code == 200
    assert verified_admin_client.get(f"/en/admin/geo/{model}/add/").status_code == 403


def test_admin_search_uses_the_normalised_keys(verified_admin_client):
    response = verified_admin_client.get("/en/admin/geo/province/", {"q": "siem reab"})
    assert list(response.context["cl"].result_list) == [Province.objects.get(code="17")]
    response = verified_admin_client.get("/en/admin/geo/district/", {"q": "កណ្ដាល"})
    assert [d.code for d in response.context["cl"].result_list] == ["0801"]  # Kandal Stueng
    response = verified_admin_client.get("/en/admin/geo/commune/", {"q": "1213"})
    assert [c.code for c in response.context["cl"].result_list] == ["121301", "121304"]


def test_names_are_read_only_and_the_pilot_flag_is_editable(verified_admin_client):
    url = "/en/admin/geo/province/17/change/"
    assert verified_admin_client.get(url).status_code == 200
    response = verified_admin_client.post(url, {"is_pilot": "on", "name_en": "Changed", "code": "99"})
    assert response.status_code == 302
    province = Province.objects.get(code="17")
    assert province.is_pilot is True
    assert province.name_en == "Siem Reap"
