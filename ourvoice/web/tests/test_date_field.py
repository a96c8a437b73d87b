"""The visit date as day, month and year lists in the page's language (issue 16, point 5): never
the browser's date picker, which shows the phone's language and "mm/dd/yyyy"."""

import datetime

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.core.dates import cambodia_today
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.models import Feedback
from ourvoice.web.tests.citizen import Citizen, Page, form_url, form_values, send_form
from ourvoice.web.tests.pagetools import Element, find_all

KHMER_MONTHS = ["មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"]
PARTS = ["visit_date_0", "visit_date_1", "visit_date_2"]


def _selects(page: Page) -> list[Element]:
    return [e for e in find_all(page.elements, "select") if e.attrs.get("name") in PARTS]


def _options(select: Element) -> list[tuple[str, str]]:
    return [(o.attrs["value"], o.clean_text) for o in select.children if o.tag == "option"]


def _label_of(page: Page, element: Element) -> str:
    return next(
        lab.clean_text
        for lab in find_all(page.elements, "label")
        if lab.attrs.get("for") == element.attrs["id"]
    )


@pytest.mark.parametrize("lang", ["km", "en"])
def test_the_visit_date_is_three_labelled_lists_in_the_page_language(place, lang):
    page = Citizen().get(form_url(place, "complaint", "slow-service", lang=lang))
    assert not [e for e in find_all(page.elements, "input") if e.attrs.get("type") == "date"]
    day, month, year = _selects(page)
    khmer = lang == "km"
    assert [_label_of(page, s) for s in (day, month, year)] == (
        ["ថ្ងៃ", "ខែ", "ឆ្នាំ"] if khmer else ["Day", "Month", "Year"]
    )
    show = to_khmer_digits if khmer else str
    assert _options(day)[1:] == [(str(d), show(str(d))) for d in range(1, 32)]
    months = [text for _value, text in _options(month)[1:]]
    assert months == (
        KHMER_MONTHS
        if khmer
        else [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    )
    this_year = cambodia_today().year
    assert _options(year)[1:] == [(str(y), show(str(y))) for y in range(this_year, this_year - 6, -1)]
    # Nothing chosen at first: the date is optional.
    for select in (day, month, year):
        chosen = [o.attrs["value"] for o in select.children if "selected" in o.attrs]
        assert _options(select)[0] == ("", "–") and chosen in ([], [""])
    # One fieldset, its legend the question, every list described by the hint under it.
    fieldset = day.ancestors()[2]
    assert fieldset.tag == "fieldset"
    legend = find_all(fieldset.children, "legend")[0].clean_text
    assert legend.startswith("កាលបរិច្ឆេទដែលអ្នកបានទៅ" if khmer else "Date of your visit")
    assert {s.attrs["aria-describedby"] for s in (day, month, year)} == {"id_visit_date_helptext"}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    visit=st.dates(min_value=datetime.date(cambodia_today().year - 5, 1, 1), max_value=cambodia_today()),
    khmer_digits=st.booleans(),
)
def test_any_day_of_the_lists_up_to_today_is_stored(place, visit, khmer_digits):
    cache.clear()
    citizen = Citizen()
    page = citizen.get(form_url(place, "information", "documents"))
    show = to_khmer_digits if khmer_digits else str
    parts = {name: show(str(v)) for name, v in zip(PARTS, (visit.day, visit.month, visit.year), strict=True)}
    response = send_form(citizen, page, description="ត្រូវការឯកសារអ្វីខ្លះ?", **parts)
    assert response.status_code == 303
    assert Feedback.objects.order_by("-pk").first().visit_date == visit  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"visit_date_0": "14", "visit_date_1": "", "visit_date_2": "2025"},
            "Choose the day, the month and the year, or leave all three empty.",
        ),
        (
            {"visit_date_0": "31", "visit_date_1": "2", "visit_date_2": "2025"},
            "This date does not exist. Check the day and the month.",
        ),
        (
            {"visit_date_0": "x", "visit_date_1": "2", "visit_date_2": "2025"},
            "This date does not exist. Check the day and the month.",
        ),
    ],
)
def test_a_half_chosen_or_impossible_date_is_explained_and_kept(place, parts, message):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service", lang="en"))
    response = send_form(citizen, page, description="I waited two weeks.", **parts)
    assert response.status_code == 400
    again = Page.of(page.url, response)
    error = next(e for e in again.elements if e.attrs.get("id") == "id_visit_date_error")
    assert error.clean_text == f"Error: {message}"
    summary = next(e for e in again.elements if e.attrs.get("id") == "form-errors")
    links = [a for a in find_all(again.elements, "a") if summary in a.ancestors()]
    assert [(a.attrs["href"], a.clean_text) for a in links] == [("#id_visit_date_0", message)]
    kept = form_values(again.form(id="feedback-form"))
    assert {name: kept[name] for name in PARTS} == {
        name: value if value != "x" else "" for name, value in parts.items()
    }
    for select in _selects(again):
        assert select.attrs["aria-invalid"] == "true"
        assert "id_visit_date_error" in select.attrs["aria-describedby"].split()
    assert Feedback.objects.count() == 0


def test_a_visit_after_today_in_cambodia_is_refused_in_khmer(place):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    tomorrow = cambodia_today() + datetime.timedelta(days=1)
    parts = dict(zip(PARTS, (str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)), strict=True))
    response = send_form(citizen, page, description="ខ្ញុំបានរង់ចាំយូរ។", **parts)
    # The year list stops at this year: on 31 December "tomorrow" is not in it, and still refused.
    assert response.status_code == 400
    assert "កាលបរិច្ឆេទនៃការទៅទទួលសេវា មិនអាចជាថ្ងៃអនាគតបានទេ។" in Page.of(page.url, response).text()
    assert Feedback.objects.count() == 0
