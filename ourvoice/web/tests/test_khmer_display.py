"""What the citizen pages show in Khmer (issue 16, point 5): words kept whole where lines wrap,
faces that differ at a glance, a file chooser and link underlines in the page's language and
script."""

import json
import re
from itertools import combinations

import pytest

from ourvoice.feedback.models import Category
from ourvoice.web.kinds import CITIZEN_ACTIONS
from ourvoice.web.templatetags.ourvoice_web import FACE_PARTS
from ourvoice.web.tests.citizen import Citizen, Page, form_url
from ourvoice.web.tests.pagetools import Element, find_all
from ourvoice.web.tests.test_css import CSS, _contrast, _rules, _var

KINDS = [action.kind for action in CITIZEN_ACTIONS]


def _khmer_letters(text: str) -> int:
    return sum("\u1780" <= c <= "\u17b3" for c in text)


def _kept_whole(page: Page, element: Element) -> None:
    """Every Khmer letter of the element is inside an unbreakable word (``|wordbreak``)."""
    words = [e for e in page.elements if e.attrs.get("class") == "kw" and element in e.ancestors()]
    assert words, f"no word spans in {element.clean_text!r}"
    assert _khmer_letters("".join(w.text for w in words)) == _khmer_letters(element.text), element.clean_text


@pytest.mark.parametrize("kind", KINDS)
def test_topic_titles_and_help_wrap_between_words_only(place, kind):
    page = Citizen().get(
        f"/km/submit/{kind}/topic/?commune={place.commune.code}&office={place.commune_office.pk}"
    )
    for category in Category.objects.filter(kind=kind, is_active=True):
        title = next(
            e
            for e in page.elements
            if e.attrs.get("class") == "radio__title"
            and e.parent
            and e.parent.attrs.get("for") == f"category-{category.code}"
        )
        assert title.clean_text == " ".join(category.name_km.split())
        _kept_whole(page, title)
        if category.help_km:
            help_text = next(
                e for e in page.elements if e.attrs.get("id") == f"category-{category.code}-help"
            )
            assert help_text.clean_text == " ".join(category.help_km.split())
            _kept_whole(page, help_text)


def test_labels_legends_and_the_optional_mark_wrap_between_words_only(place):
    page = Citizen().get(form_url(place, "evaluation", "service-evaluation"))
    optional = [e for e in page.elements if e.attrs.get("class") == "field__optional"]
    assert optional and all(e.clean_text == "(ស្រេចចិត្ត)" for e in optional)
    for mark in optional:
        # "(ស្រេចចិត្ត)" is one word: it can move to the next line but never splits as ស្រេច|ចិត្ត.
        spans = [e for e in page.elements if e.attrs.get("class") == "kw" and mark in e.ancestors()]
        assert [s.text for s in spans] == ["(ស្រេចចិត្ត)"]
    for element in find_all(page.elements, "legend") + find_all(page.elements, "label"):
        if _khmer_letters(element.text) and element.attrs.get("class") != "date-parts__label":  # one word
            _kept_whole(page, element)


def test_english_pages_get_no_extra_markup(place):
    page = Citizen().get(form_url(place, "evaluation", "service-evaluation", lang="en"))
    legends = find_all(page.elements, "legend")
    assert legends and not [
        e for e in page.elements if e.attrs.get("class") == "kw" and legends[0] in e.ancestors()
    ]


def test_the_stylesheet_keeps_words_whole_and_lowers_khmer_underlines():
    assert "white-space: nowrap" in _rules(".kw")
    khmer_links = _rules("a:lang(km)")
    offset = float(re.search(r"text-underline-offset:\s*([\d.]+)em", khmer_links)[1])  # type: ignore[index]
    assert offset >= 0.45  # clears Kantumruy Pro's subscripts (0.2em, Latin's, cuts them)
    assert "text-decoration-skip-ink: auto" in khmer_links


# --- faces -----------------------------------------------------------------------------------


def _drawing(value: str) -> set[str]:
    return set(re.findall(r"<(?:circle|path)[^>]*>", FACE_PARTS[value]))


@pytest.mark.parametrize(("a", "b"), [("1", "2"), ("4", "5")])
def test_the_faces_that_were_confused_differ_in_more_than_the_mouth(a, b):
    # The old faces differed only by the curve of the mouth: here eyes or brows change as well.
    assert len(_drawing(a) ^ _drawing(b)) >= 3


def test_every_face_has_its_own_drawing_and_colour_with_contrast():
    assert all(_drawing(a) != _drawing(b) for a, b in combinations(FACE_PARTS, 2))
    colours = [_var(f"face-{n}") for n in FACE_PARTS]
    assert len(set(colours)) == 5
    for colour in colours:
        assert _contrast(_var("ink"), colour) >= 7  # the ink lines on the face
    for n in FACE_PARTS:
        assert f"fill: var(--face-{n})" in _rules(f".face__icon--{n} .face__skin")
    assert "stroke: var(--ink)" in _rules(".face__skin")  # the face's edge on the page: ink on white


@pytest.mark.parametrize(
    "page_url",
    [
        "form:evaluation",
        "track",
    ],
)
def test_faces_are_labelled_in_words_and_their_pictures_hidden_from_screen_readers(
    place, make_input, page_url
):
    citizen = Citizen()
    if page_url == "track":
        from ourvoice.web.tests.test_form_errors import CLOSED, _tracking_citizen

        citizen = _tracking_citizen(make_input, *CLOSED)
        page = citizen.get("/km/track/case/")
        names = ["score"]
    else:
        page = citizen.get(form_url(place, "evaluation", "service-evaluation"))
        names = [
            e.attrs["name"]
            for e in find_all(page.elements, "input")
            if e.attrs.get("name", "").startswith("score_")
        ]
    words = ["អន់ណាស់", "អន់", "មធ្យម", "ល្អ", "ល្អណាស់"]
    for name in set(names):
        radios = [e for e in find_all(page.elements, "input") if e.attrs.get("name") == name]
        assert [r.attrs["value"] for r in radios] == ["1", "2", "3", "4", "5"]
        for radio, digit, word in zip(radios, "១២៣៤៥", words, strict=True):
            label = next(
                e for e in find_all(page.elements, "label") if e.attrs.get("for") == radio.attrs["id"]
            )
            assert label.clean_text.replace(" ", "") == f"{digit}{word}"
            [svg] = find_all([e for e in page.elements if label in e.ancestors()], "svg")
            assert svg.attrs["aria-hidden"] == "true"
            assert f"face__icon--{radio.attrs['value']}" in svg.attrs["class"]
    # A big target: the whole card is the label (at least 44 px high, and wide at 360 px).
    assert re.search(r"min-height:\s*5(\.\d+)?rem", _rules(".face label"))


# --- the file chooser ------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "button", "none"), [
    ("km", "ជ្រើសរើសឯកសារ", "មិនទាន់បានជ្រើសរើសឯកសារនៅឡើយទេ។"),
    ("en", "Choose files", "No file chosen yet."),
])  # fmt: skip
def test_the_file_chooser_speaks_the_page_language_on_the_form_and_the_case_page(
    place, make_input, lang, button, none
):
    from ourvoice.web.tests.test_form_errors import _tracking_citizen

    citizen = Citizen()
    form_page = citizen.get(form_url(place, "complaint", "slow-service", lang=lang))
    tracking = _tracking_citizen(make_input)
    case_page = tracking.get(f"/{lang}/track/case/")
    for page, name in ((form_page, "attachments"), (case_page, "attachments")):
        [box] = [e for e in page.elements if "data-file-chooser" in e.attrs]
        inside = [e for e in page.elements if box in e.ancestors()]
        [file_input] = [e for e in inside if e.tag == "input" and e.attrs.get("type") == "file"]
        assert file_input.attrs["name"] == name and "multiple" in file_input.attrs
        # One label, the field's own; the button is a picture of a button over which the input lies.
        labels = [e for e in find_all(page.elements, "label") if e.attrs.get("for") == file_input.attrs["id"]]
        assert len(labels) == 1
        [shown] = [e for e in inside if "file-chooser__button" in e.attrs.get("class", "")]
        assert shown.clean_text == button and shown.attrs["aria-hidden"] == "true"
        [names] = [e for e in inside if "data-file-names" in e.attrs]
        assert names.attrs["data-none"] == none and names.attrs["aria-live"] == "polite"
        scripts = [e.attrs.get("src", "") for e in find_all(page.elements, "script")]
        assert any(re.search(r"/js/files(\.[0-9a-f]+)?\.js$", src) for src in scripts)
    assert "opacity: 0" in _rules('.file-chooser--enhanced .file-chooser__control input[type="file"]')
    assert "CSS" and ".file-chooser__button,\n.file-chooser__names" in CSS


def test_every_script_of_the_form_is_kept_by_the_service_worker_for_offline_use(place):
    page = Citizen().get(form_url(place, "complaint", "slow-service"))
    scripts = {e.attrs["src"] for e in find_all(page.elements, "script") if e.attrs.get("src")}
    worker = Citizen().client.get("/km/sw.js").content.decode()
    precache = set(json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker)[1]))  # type: ignore[index]
    assert "/static/ourvoice/js/files.js" in scripts and scripts <= precache
