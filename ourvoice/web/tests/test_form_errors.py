"""Errors on the citizen pages (issue 16, point 5): a step sent with nothing chosen says so, errors
are summarised at the top of the form they belong to and the page opens on them, and an address
that only takes a POST never answers a GET with a bare 405."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from ourvoice.cases.models import Status
from ourvoice.cases.services import case_transition
from ourvoice.feedback.models import Category
from ourvoice.feedback.services import feedback_submit
from ourvoice.web.kinds import CITIZEN_ACTIONS
from ourvoice.web.tests.citizen import Citizen, Page
from ourvoice.web.tests.pagetools import Element, find_all, has_khmer

KINDS = [action.kind for action in CITIZEN_ACTIONS]
MESSAGES = {
    "office": {
        "en": "Choose the office your report is for.",
        "km": "សូមជ្រើសរើសការិយាល័យដែលមតិកែលម្អរបស់អ្នកសំដៅទៅ។",
    },
    "category": {
        "en": "Choose what your report is about.",
        "km": "សូមជ្រើសរើសអ្វីដែលមតិកែលម្អរបស់អ្នកនិយាយអំពី។",
    },
}


def _summary(page: Page) -> Element:
    found = [e for e in page.elements if e.attrs.get("id") == "form-errors"]
    assert found, f"no error summary on {page.url}"
    return found[0]


def _summary_links(page: Page) -> list[tuple[str, str]]:
    summary = _summary(page)
    links = [a for a in find_all(page.elements, "a") if summary in a.ancestors()]
    return [(a.attrs["href"], a.clean_text) for a in links]


def _assert_summary_first_and_focused(page: Page, form: Element) -> None:
    """The summary opens the page (autofocus, focusable, announced) and sits just before the form."""
    summary = _summary(page)
    assert "autofocus" in summary.attrs and summary.attrs["tabindex"] == "-1"
    assert summary.attrs["role"] == "alert"
    autofocused = [e for e in page.elements if "autofocus" in e.attrs]
    assert autofocused == [summary], "only the summary may take the focus"
    siblings = summary.parent.children if summary.parent else []
    assert siblings.index(form) > siblings.index(summary) if form in siblings else summary in form.children


@pytest.mark.parametrize("lang", ["km", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_continue_with_no_office_chosen_says_so_with_400_and_keeps_the_page(place, kind, lang):
    citizen = Citizen()
    page = citizen.get(f"/{lang}/submit/{kind}/commune/{place.commune.code}/")
    form = page.form(method="get")
    assert "hx-boost" not in form.attrs  # htmx would swallow the 400 answer
    # Exactly what a browser sends when no radio button is chosen: the hidden marker only.
    again = citizen.submit_get(page, form)
    assert again.status == 400
    assert MESSAGES["office"][lang] in again.text()
    radios = [e for e in find_all(again.elements, "input") if e.attrs.get("name") == "office"]
    before = [e for e in find_all(page.elements, "input") if e.attrs.get("name") == "office"]
    assert len(radios) == len(before)
    assert _summary_links(again) == [(f"#{radios[0].attrs['id']}", MESSAGES["office"][lang])]
    _assert_summary_first_and_focused(again, again.form(method="get"))
    # The page is still the office step: choosing an office now goes on to the topics.
    topics = citizen.submit_get(again, again.form(method="get"), office=str(place.commune_office.pk))
    assert topics.status == 200 and f"/{lang}/submit/{kind}/topic/" in topics.url


@pytest.mark.parametrize("lang", ["km", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_continue_with_no_topic_chosen_says_so_with_400_and_keeps_the_page(place, kind, lang):
    citizen = Citizen()
    url = f"/{lang}/submit/{kind}/topic/?commune={place.commune.code}&office={place.commune_office.pk}"
    page = citizen.get(url)
    again = citizen.submit_get(page, page.form(method="get"))
    assert again.status == 400
    first = Category.objects.filter(kind=kind, is_active=True).first()
    assert first is not None
    assert _summary_links(again) == [(f"#category-{first.code}", MESSAGES["category"][lang])]
    _assert_summary_first_and_focused(again, again.form(method="get"))
    # The choices of the address are still there: choosing a topic now leads to the form.
    form_page = citizen.submit_get(again, again.form(method="get"), category=first.code)
    assert form_page.status == 200 and "/form/" in form_page.url


def _tracking_citizen(make_input, *statuses: str) -> Citizen:
    """A citizen who opened their case with its receipt, after the office moved it through ``statuses``."""
    submission = feedback_submit(data=make_input())
    case = submission.case
    for status in statuses:
        case = case_transition(case=case, to_status=status, actor=None)
    citizen = Citizen()
    assert citizen.post("/km/track/", {"receipt": str(submission.receipt)}).status_code == 303
    return citizen


@pytest.fixture
def tracked(place, make_input):
    return _tracking_citizen(make_input)


CLOSED = (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)


@pytest.mark.parametrize(
    ("statuses", "address", "data", "form_class", "field_id"),
    [
        ((), "/km/track/case/reply/", {"body": "  "}, "reply-form", "id_body"),
        (CLOSED, "/km/track/case/rate/", {}, "rating-form", "id_score_0"),
    ],
)
def test_an_error_on_the_case_page_is_summarised_above_its_own_form_and_focused(
    place, make_input, statuses, address, data, form_class, field_id
):
    citizen = _tracking_citizen(make_input, *statuses)
    response = citizen.post(address, data)
    assert response.status_code == 400
    page = Page.of(address, response)
    form = page.form(**{"class": form_class})
    assert form.attrs["action"] == address
    _assert_summary_first_and_focused(page, form)
    links = _summary_links(page)
    assert links and links[0][0] == f"#{field_id}" and has_khmer(links[0][1])
    assert [e for e in page.elements if e.attrs.get("id") == field_id], "the link's target exists"


def _citizen_url_names() -> list[str]:
    """The names of every address of the citizen site (``web:``)."""
    names = []
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(inner, "namespace", None) == "web" or getattr(inner, "app_name", None) == "web":
                names += [p.name for p in inner.url_patterns if isinstance(p, URLPattern)]
    return sorted(set(filter(None, names)))


def test_the_post_only_addresses_are_among_them():
    assert {"track_reply", "track_rate", "receipt_image", "track_forget"} <= set(_citizen_url_names())


@pytest.mark.parametrize("lang", ["km", "en"])
def test_a_get_of_any_citizen_address_never_answers_405(tracked, place, lang):
    """A reload (or a reopened tab) of the address a form was posted to shows a page: the one the
    form lives on. Checked for every page of the citizen site that needs no argument."""
    from django.utils import translation

    with translation.override(lang):
        addresses = [reverse(f"web:{name}") for name in _citizen_url_names() if _takes_no_argument(name)]
    assert len(addresses) >= 8
    for address in addresses:
        page = tracked.follow(address)
        assert page.status == 200, (address, page.status)
        assert page.url.startswith(f"/{lang}/")


def _takes_no_argument(name: str) -> bool:
    try:
        reverse(f"web:{name}")
    except Exception:
        return False
    return True


@pytest.mark.parametrize(
    ("address", "lands_on"),
    [
        ("/km/track/case/reply/", "/km/track/case/#messages"),
        ("/km/track/case/rate/", "/km/track/case/#rate-title"),
        ("/km/track/case/contact/withdraw/", "/km/track/case/#contact-title"),
        ("/km/track/forget/", "/km/track/"),
        ("/km/receipt/image/", "/km/receipt/"),
    ],
)
def test_a_reload_of_a_post_only_address_goes_to_its_page_and_changes_nothing(tracked, address, lands_on):
    before = tracked.client.session.get("tracked_case_id")
    response = tracked.client.get(address)
    assert response.status_code == 302 and response["Location"] == lands_on
    assert tracked.client.session.get("tracked_case_id") == before  # GET forgot nothing
    assert tracked.client.put(address).status_code == 405
