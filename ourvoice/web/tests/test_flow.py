"""Where? → office → topic: lists of links and GET forms; place search; office links; bad addresses."""

import pytest

from ourvoice.feedback.models import Category
from ourvoice.web.tests.citizen import Citizen, open_form
from ourvoice.web.tests.pagetools import find_all

KINDS = ["complaint", "support", "information", "evaluation"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_reaches_its_form_by_links_in_khmer(place, kind):
    category = Category.objects.filter(kind=kind).first()
    assert category is not None
    page = open_form(
        Citizen(), lang="km", kind=kind, area=place, office=place.commune_office, category=category.code
    )
    assert page.url.startswith(f"/km/submit/{kind}/form/?")
    assert f"commune={place.commune.code}" in page.url and f"office={place.commune_office.pk}" in page.url
    text = page.text()
    assert category.name_km in text and "សាលាសង្កាត់ស្លក្រាម" in text and "ស្លក្រាម" in text


def test_the_office_step_lists_the_offices_serving_the_commune_nearest_first(place):
    page = Citizen().get(f"/km/submit/complaint/commune/{place.commune.code}/")
    radios = [e for e in find_all(page.elements, "input") if e.attrs.get("name") == "office"]
    expected = [
        place.commune_office,
        place.owso,
        place.district_ombudsman,
        place.owsu,
        place.provincial_ombudsman,
    ]
    assert [int(r.attrs["value"]) for r in radios] == [o.pk for o in expected]
    assert "ការិយាល័យច្រកចេញចូលតែមួយ" in page.text()  # the office type, in Khmer


def test_the_topic_step_lists_only_this_kinds_topics_with_help(place):
    url = f"/km/submit/information/topic/?commune={place.commune.code}&office={place.commune_office.pk}"
    page = Citizen().get(url)
    values = {e.attrs["value"] for e in find_all(page.elements, "input") if e.attrs.get("name") == "category"}
    assert values == set(Category.objects.filter(kind="information").values_list("code", flat=True))


@pytest.mark.parametrize(
    ("query", "lang"), [("ស្លក្រាម", "km"), ("Sla Kram", "en"), ("sla kram", "km"), ("ភូមិវត្តបូព៌", "km")]
)
def test_place_search_in_khmer_or_latin_leads_to_the_commune(place, query, lang):
    citizen = Citizen()
    page = citizen.get(f"/{lang}/submit/support/", {"q": query})
    assert page.status == 200
    target = page.link_to(f"/{lang}/submit/support/commune/")
    assert target == f"/{lang}/submit/support/commune/{place.commune.code}/"
    offices = citizen.get(target)
    assert offices.status == 200 and offices.form(method="get")


def test_a_district_found_by_search_leads_to_choosing_its_communes(place):
    citizen = Citizen()
    page = citizen.get("/en/submit/complaint/", {"q": "Siem Reap"})
    district_link = page.link_to("/en/submit/complaint/district/")
    assert (
        page.link_to("/en/submit/complaint/province/")
        == f"/en/submit/complaint/province/{place.province.code}/"
    )
    communes = citizen.get(district_link)
    assert communes.link_to("/en/submit/complaint/commune/")


def test_search_as_you_type_returns_only_the_results_to_htmx(place):
    page = Citizen().get(
        "/km/submit/complaint/", {"q": "Svay"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="place-results"
    )
    assert page.html.lstrip().startswith('<div id="place-results"')
    assert "<html" not in page.html
    assert (
        page.link_to("/km/submit/complaint/commune/")
        == f"/km/submit/complaint/commune/{place.other_commune.code}/"
    )


def test_a_search_that_finds_nothing_says_so(place):
    page = Citizen().get("/en/submit/complaint/", {"q": "Atlantis"})
    assert "No place was found" in page.text()


def test_the_office_link_preselects_the_office(place):
    citizen = Citizen()
    landing = citizen.get(f"/km/o/{place.commune_office.pk}/")
    assert landing.status == 200 and "សាលាសង្កាត់ស្លក្រាម" in landing.text()
    topics = citizen.follow(landing.link_to(f"/km/o/{place.commune_office.pk}/complaint/"))
    assert topics.url.startswith("/km/submit/complaint/topic/")
    assert f"office={place.commune_office.pk}" in topics.url and f"commune={place.commune.code}" in topics.url
    form_page = citizen.submit_get(topics, topics.form(method="get"), category="slow-service")
    assert form_page.status == 200
    assert "សាលាសង្កាត់ស្លក្រាម" in form_page.text()


def test_a_district_office_link_lets_the_citizen_choose_a_commune_or_skip(place):
    citizen = Citizen()
    area_page = citizen.get(f"/en/o/{place.owso.pk}/information/")
    assert area_page.status == 200
    commune_link = area_page.link_to(f"/en/submit/information/topic/?commune={place.other_commune.code}")
    assert f"office={place.owso.pk}" in commune_link
    skip = next(a for a in find_all(area_page.elements, "a") if a.clean_text == "Skip this step").attrs[
        "href"
    ]
    assert skip == f"/en/submit/information/topic/?office={place.owso.pk}"
    assert citizen.get(skip).status == 200


def test_a_provincial_office_link_goes_through_the_district(place):
    citizen = Citizen()
    page = citizen.get(f"/en/o/{place.provincial_ombudsman.pk}/complaint/")
    communes = citizen.get(page.link_to(f"/en/o/{place.provincial_ombudsman.pk}/complaint/?district="))
    assert communes.link_to(f"/en/submit/complaint/topic/?commune={place.commune.code}")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/km/submit/complaint/commune/999999/", 404),
        ("/km/submit/complaint/commune/abc/", 400),
        ("/km/submit/complaint/province/99/", 404),
        ("/km/submit/complaint/district/9999/", 404),
        ("/km/submit/complaint/topic/?commune=171001&office=99999", 404),
        ("/km/submit/complaint/topic/?commune=171001&office=1x", 400),
        ("/km/submit/complaint/topic/?commune=171001", 400),
        ("/km/submit/complaint/form/?commune=171001&office={office}&category=no-such-topic", 404),
        ("/km/submit/complaint/form/?commune=171001&office={office}&category=documents", 400),
        ("/km/submit/complaint/form/?commune=171001&office={office}", 400),
        ("/km/submit/complaint/form/?commune=171001&office={other}&category=slow-service", 400),
        ("/km/o/99999/", 404),
        ("/km/o/{national}/", 404),
        ("/km/o/abc/complaint/", 400),
        ("/km/o/{po}/complaint/?district=0101", 404),
        ("/km/submit/nonsense/", 404),
    ],
)
def test_tampered_addresses_get_a_clear_4xx_page_never_a_500(place, url, status):
    url = url.format(
        office=place.commune_office.pk,
        other=place.other_commune_office.pk,
        national=place.national.pk,
        po=place.provincial_ombudsman.pk,
    )
    page = Citizen().get(url)
    assert page.status == status
    assert find_all(page.elements, "h1")


def test_choosing_no_office_or_topic_explains_with_400(place):
    citizen = Citizen()
    page = citizen.get(f"/en/submit/complaint/commune/{place.commune.code}/", {"office": ""})
    assert page.status == 400 and "Choose the office your report is for." in page.text()
    page = citizen.get(
        f"/en/submit/complaint/commune/{place.commune.code}/", {"office": place.other_commune_office.pk}
    )
    assert page.status == 400
    url = (
        f"/en/submit/complaint/topic/?commune={place.commune.code}&office={place.commune_office.pk}&category="
    )
    page = citizen.get(url)
    assert page.status == 400 and "Choose what your report is about." in page.text()


def test_the_language_switcher_keeps_the_place_in_the_flow(place):
    url = f"/km/submit/complaint/topic/?commune={place.commune.code}&office={place.commune_office.pk}"
    page = Citizen().get(url)
    next_input = next(e for e in find_all(page.elements, "input") if e.attrs.get("name") == "next")
    assert next_input.attrs["value"] == url.replace("/km/", "/en/", 1)
