"""The home page: what the platform is, the four things a citizen can do, Khmer first."""

import pytest
from django.urls import reverse

from ourvoice.web.tests.pagetools import Element, find_all, has_khmer, parse

TEXT_TAGS = ("title", "h1", "h2", "h3", "p", "li", "a", "button", "strong", "span")


def _elements(client, url: str) -> list[Element]:
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content.decode())


def _visible_texts(elements: list[Element]) -> list[Element]:
    """Elements that show text of their own, outside the hidden form fields."""
    return [e for e in elements if e.tag in TEXT_TAGS and e.clean_text]


def test_root_redirects_to_khmer_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/km/"


def test_root_redirects_to_english_when_the_browser_prefers_it(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_root_redirects_to_khmer_for_a_language_we_do_not_have(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Location"] == "/km/"


def test_root_redirect_follows_khmer_preference_over_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="km-KH,km;q=0.9,en;q=0.5")
    assert response["Location"] == "/km/"


@pytest.mark.parametrize("lang", ["km", "en"])
def test_home_links_each_of_the_four_things_a_citizen_can_do_to_its_flow(client, db, lang):
    elements = _elements(client, f"/{lang}/")
    items = [e for e in find_all(elements, "li") if "action" in e.attrs.get("class", "").split()]
    assert len(items) == 4
    hrefs = []
    for item in items:
        headings = find_all(item.children, "h3")
        assert headings, "each item has a heading"
        links = [e for e in elements if e.tag == "a" and headings[0] in e.ancestors()]
        assert len(links) == 1 and links[0].clean_text == headings[0].clean_text
        hrefs.append(links[0].attrs["href"])
    assert hrefs == [
        f"/{lang}/submit/{kind}/" for kind in ("complaint", "support", "information", "evaluation")
    ]
    for href in hrefs:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("lang", ["km", "en"])
def test_home_links_to_tracking(client, lang):
    elements = _elements(client, f"/{lang}/")
    assert [e for e in find_all(elements, "a") if e.attrs.get("href") == f"/{lang}/track/"]


def test_home_in_english_says_what_the_platform_is(client):
    elements = _elements(client, "/en/")
    text = find_all(elements, "main")[0].clean_text
    for phrase in (
        "Track your case",
        "Make a complaint",
        "Seek support",
        "Ask for information",
        "Evaluate a service",
        "Anonymous by default.",
        "receipt code of 20 digits",
        "Follow your case",
    ):
        assert phrase in text


def test_home_in_khmer_uses_the_domain_words_and_khmer_digits(client):
    elements = _elements(client, "/km/")
    text = find_all(elements, "main")[0].clean_text
    for phrase in ("ដាក់ពាក្យបណ្តឹង", "ស្នើសុំជំនួយ", "សុំព័ត៌មាន", "វាយតម្លៃសេវា", "អនាមិក", "២០ ខ្ទង់"):
        assert phrase in text
    assert "20" not in text


@pytest.mark.parametrize("lang", ["km", "en"])
def test_home_links_to_staff_sign_in(client, lang):
    elements = _elements(client, f"/{lang}/")
    login = reverse("accounts:login")
    assert login.startswith(f"/{lang}/")
    assert [e for e in find_all(elements, "a") if e.attrs.get("href") == login]


def test_every_visible_text_of_the_khmer_home_page_is_in_khmer(client):
    """Headings, paragraphs, items, links and buttons: Khmer, except what is marked lang="en"."""
    elements = _elements(client, "/km/")
    checked = 0
    for element in _visible_texts(elements):
        khmer_part = element.text_in("km")
        if not khmer_part:
            continue  # wholly marked as English: the product name, the "English" button
        assert has_khmer(khmer_part), f"<{element.tag}> is not in Khmer: {khmer_part!r}"
        checked += 1
    assert checked > 15


def test_no_english_sentence_of_the_english_page_is_left_on_the_khmer_page(client):
    english = _visible_texts(_elements(client, "/en/"))
    khmer_page = " ".join(e.clean_text for e in _elements(client, "/km/") if e.tag == "body")
    sentences = {e.text_in("en") for e in english if len(e.text_in("en").split()) >= 2}
    sentences.discard("Our Voice")  # the product's English name is shown beside the Khmer one
    assert len(sentences) > 10
    left = sorted(s for s in sentences if s in khmer_page)
    assert left == []


def test_home_answers_head_and_refuses_post(client):
    assert client.head("/km/").status_code == 200
    assert client.post("/km/").status_code == 405


def test_home_title_is_translated(client):
    assert has_khmer(find_all(_elements(client, "/km/"), "title")[0].text)
    assert not has_khmer(find_all(_elements(client, "/en/"), "title")[0].text)
