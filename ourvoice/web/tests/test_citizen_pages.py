"""Every citizen page: no inline code or style, nothing from another host, labels and legends,
and the Khmer pages in Khmer."""

import re

import pytest

from ourvoice.web.tests.citizen import Citizen, form_url, send_form
from ourvoice.web.tests.pagetools import Element, find_all, has_khmer

TEXT_TAGS = (
    "title",
    "h1",
    "h2",
    "h3",
    "p",
    "li",
    "a",
    "button",
    "strong",
    "span",
    "label",
    "legend",
    "summary",
    "dt",
)


def _pages(place) -> list[str]:
    office, commune = place.commune_office.pk, place.commune.code
    return [
        "/{lang}/",
        "/{lang}/submit/complaint/",
        "/{lang}/submit/complaint/?q=Sla",
        f"/{{lang}}/submit/complaint/province/{place.province.code}/",
        f"/{{lang}}/submit/complaint/district/{place.district.code}/",
        f"/{{lang}}/submit/complaint/commune/{commune}/",
        f"/{{lang}}/submit/complaint/topic/?commune={commune}&office={office}",
        f"/{{lang}}/submit/complaint/form/?commune={commune}&office={office}&category=unofficial-fee",
        f"/{{lang}}/submit/evaluation/form/?commune={commune}&office={office}&category=service-evaluation",
        f"/{{lang}}/o/{office}/",
        f"/{{lang}}/o/{place.owso.pk}/support/",
        "/{lang}/track/",
        "/{lang}/receipt/",
        "/{lang}/submit/offline/",
        "/{lang}/submit/complaint/topic/?commune=999999&office=1",
    ]


def _check_clean(html: str, elements: list[Element]) -> None:
    for script in find_all(elements, "script"):
        assert script.attrs.get("src", "").startswith("/static/") and not script.text.strip()
    assert not [e for e in elements if "style" in e.attrs]
    assert not find_all(elements, "style")
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"(?i)\b(?:https?:)?//[a-z0-9]", html.replace("<!doctype html>", ""))
    for element in elements:
        for name in ("src", "href", "action"):
            value = element.attrs.get(name)
            if value is not None:
                assert value.startswith(("/", "#")) and not value.startswith("//"), (element.tag, value)


def _check_labels(elements: list[Element]) -> None:
    """Every visible input has a visible label; every radio group a fieldset with a legend."""
    label_for = {e.attrs.get("for") for e in find_all(elements, "label")}
    for field in [e for e in elements if e.tag in ("input", "textarea", "select")]:
        kind = field.attrs.get("type", "text")
        if kind in ("hidden", "submit", "button"):
            continue
        assert field.attrs.get("id") in label_for, field.attrs
        if kind == "radio":
            fieldsets = [a for a in field.ancestors() if a.tag == "fieldset"]
            assert fieldsets and find_all(fieldsets[0].children, "legend"), field.attrs


@pytest.mark.parametrize("lang", ["km", "en"])
def test_citizen_pages_have_no_inline_code_no_third_party_and_labelled_fields(place, lang):
    citizen = Citizen()
    for url in _pages(place):
        page = citizen.get(url.format(lang=lang))
        assert page.status in (200, 404), url
        _check_clean(page.html, page.elements)
        _check_labels(page.elements)


def test_the_receipt_and_case_pages_are_clean_too(place):
    citizen = Citizen()
    url = form_url(place, "complaint", "slow-service", lang="km")
    send_form(citizen, citizen.get(url), description="ពន្យារពេល")
    receipt = citizen.get("/km/receipt/")
    _check_clean(receipt.html, receipt.elements)
    digits = next(e for e in find_all(receipt.elements, "input") if e.attrs.get("name") == "receipt").attrs[
        "value"
    ]
    citizen.post("/km/track/", {"receipt": digits})
    case = citizen.get("/km/track/case/")
    assert case.status == 200
    _check_clean(case.html, case.elements)
    _check_labels(case.elements)


def _visible(elements: list[Element]) -> list[Element]:
    return [e for e in elements if e.tag in TEXT_TAGS and e.clean_text]


@pytest.mark.parametrize("category", ["unofficial-fee", "service-evaluation", "staff-conduct"])
def test_the_khmer_form_page_has_no_english_sentence_left(place, category):
    kind = "evaluation" if category == "service-evaluation" else "complaint"
    query = f"?commune={place.commune.code}&office={place.commune_office.pk}&category={category}"
    english = _visible(Citizen().get(f"/en/submit/{kind}/form/{query}").elements)
    khmer_elements = Citizen().get(f"/km/submit/{kind}/form/{query}").elements
    khmer_page = " ".join(e.clean_text for e in khmer_elements if e.tag == "body")
    sentences = {e.text_in("en") for e in english if len(e.text_in("en").split()) >= 2}
    sentences -= {"Our Voice", "OWSO Siem Reap"}
    assert len(sentences) > 30
    left = sorted(s for s in sentences if s in khmer_page)
    assert left == []
    for element in _visible(khmer_elements):
        khmer_part = element.text_in("km")
        if khmer_part and re.search(r"[A-Za-z]{3}", khmer_part):
            assert has_khmer(khmer_part), f"<{element.tag}> is not in Khmer: {khmer_part!r}"


def test_errors_are_linked_from_a_summary_and_described_on_the_field(place):
    citizen = Citizen()
    url = form_url(place, "complaint", "slow-service", lang="km")
    response = send_form(citizen, citizen.get(url), description="", q_told_deadline="maybe")
    assert response.status_code == 400
    from ourvoice.web.tests.pagetools import parse

    elements = parse(response.content.decode())
    summary = next(e for e in elements if e.attrs.get("id") == "form-errors")
    links = [a.attrs["href"] for a in elements if a.tag == "a" and summary in a.ancestors()]
    assert links == ["#id_q_told_deadline_0", "#id_description"]
    ids = {e.attrs.get("id") for e in elements}
    assert {"id_q_told_deadline_0", "id_description", "id_description_error"} <= ids
    description = next(e for e in elements if e.attrs.get("id") == "id_description")
    assert "id_description_error" in description.attrs["aria-describedby"].split()
    group = [
        e
        for e in elements
        if e.tag == "fieldset" and "id_q_told_deadline_error" in e.attrs.get("aria-describedby", "")
    ]
    assert group
