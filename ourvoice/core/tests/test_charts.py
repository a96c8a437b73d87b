"""Server-drawn SVG charts: valid XML, honest bar lengths, suppression, escaping, accessibility."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from ourvoice.core.charts import bar_chart, grouped_bar_chart, line_chart, nice_ticks
from ourvoice.core.svg import INK, MUTED, PALETTE, contrast_ratio, default_value_format

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = '<script>alert("x")</script> & \'"'


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def parse(markup):
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


def bars(root):
    return [rect for rect in root.iter(f"{{{NS['svg']}}}rect") if rect.get("class") == "ov-bar"]


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{{{NS['svg']}}}text")]


def assert_accessible(root):
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 ")
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find("svg:title", NS).get("id") == title_id
    assert root.find("svg:desc", NS).get("id") == desc_id
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert not element.tag.endswith("style")
        assert not element.tag.endswith("script")


def test_bar_lengths_are_proportional_and_suppressed_values_have_no_bar():
    root = parse(bar_chart([("A", 100), ("B", 50), ("C", None), ("D", 25)], title="Reports"))
    assert_accessible(root)
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert len(widths) == 3
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert widths[0] == pytest.approx(4 * widths[2], abs=0.1)
    assert "< 5" in texts(root)
    assert root.find("svg:title", NS).text == "Reports"


def test_max_value_fixes_the_scale():
    half = parse(bar_chart([("A", 50)], title="t", max_value=100))
    full = parse(bar_chart([("A", 50)], title="t"))
    assert float(bars(full)[0].get("width")) == pytest.approx(2 * float(bars(half)[0].get("width")), abs=0.1)


def test_values_are_written_by_the_callers_format():
    root = parse(bar_chart([("A", 0.25)], title="t", value_format=lambda v: f"{v:.0%}"))
    assert "25%" in texts(root)


def test_default_format_uses_khmer_digits_on_khmer_pages():
    with translation.override("km"):
        root = parse(bar_chart([("A", 1234)], title="t"))
        assert "១,២៣៤" in texts(root)
        assert default_value_format(2.5) == "២.៥"
        assert "< ៥" in texts(parse(bar_chart([("A", None)], title="t")))
    with translation.override("en"):
        assert "1,234" in texts(parse(bar_chart([("A", 1234)], title="t")))


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bar_chart([(HOSTILE, 3)], title=HOSTILE, description=HOSTILE),
        lambda: grouped_bar_chart([HOSTILE], [(HOSTILE, [3])], title=HOSTILE),
        lambda: line_chart([HOSTILE], [(HOSTILE, [3])], title=HOSTILE),
    ],
)
def test_hostile_text_is_escaped(chart):
    markup = str(chart())
    assert "<script" not in markup
    assert "&lt;script&gt;" in markup
    root = parse(markup)  # still well-formed
    assert root.find("svg:title", NS).text == HOSTILE
    assert not list(root.iter(f"{{{NS['svg']}}}script"))


def test_long_khmer_labels_wrap_between_words():
    label = "ការស្នើសុំលិខិតឆ្លងដែន និងអត្តសញ្ញាណប័ណ្ណសញ្ជាតិខ្មែរ នៅការិយាល័យច្រកចេញចូលតែមួយរបស់ស្រុកនិងខណ្ឌ"
    root = parse(bar_chart([(label, 3)], title="t"))
    label_text = next(t for t in root.iter(f"{{{NS['svg']}}}text") if t.get("class") == "ov-label")
    spans = list(label_text)
    assert len(spans) >= 2
    assert "".join(span.text for span in spans).replace(" ", "") == label.replace(" ", "")


def test_grouped_bars_have_one_bar_per_value_and_a_legend():
    groups: list[tuple[str, list[float | None]]] = [
        ("Female", [60, 70]),
        ("Male", [55, None]),
        ("Other", [None, None]),
        ("Not said", [40, 30]),
    ]
    root = parse(grouped_bar_chart(["On time", "Acknowledged"], groups, title="By gender"))
    assert_accessible(root)
    drawn = bars(root)
    assert len(drawn) == 5
    assert texts(root).count("< 5") == 3
    for name in ("Female", "Male", "Other", "Not said"):
        assert name in texts(root)
    assert {rect.get("fill") for rect in drawn} == {PALETTE[0], PALETTE[1], PALETTE[3]}
    assert float(drawn[0].get("width")) == pytest.approx(60 / 70 * float(drawn[3].get("width")), abs=0.1)
    assert drawn[0].find("svg:title", NS).text == "Female: 60"


def test_grouped_bars_need_one_value_per_category():
    with pytest.raises(ValueError, match="2 categories"):
        grouped_bar_chart(["a", "b"], [("g", [1])], title="t")


def test_line_chart_leaves_gaps_at_suppressed_values():
    labels = ["Jan", "Feb", "Mar", "Apr", "May"]
    root = parse(
        line_chart(labels, [("Complaints", [10, 20, None, 40, 50]), ("Ideas", [5, 5, 5, 5, 5])], title="t")
    )
    assert_accessible(root)
    paths = [p for p in root.iter(f"{{{NS['svg']}}}path") if p.get("class") == "ov-line"]
    assert [p.get("d").count("M") for p in paths] == [2, 1]
    assert paths[0].get("stroke") != paths[1].get("stroke")
    assert paths[0].get("stroke-dasharray") != paths[1].get("stroke-dasharray")
    assert {"Complaints", "Ideas", "Jan", "0", "60"} <= set(texts(root))


def test_line_chart_without_data_says_so():
    root = parse(line_chart(["Jan"], [("A", [None])], title="t"))
    assert "No data to show" in texts(root)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_bad_values_raise(bad):
    with pytest.raises(ValueError):
        bar_chart([("A", bad)], title="t")


def test_nice_ticks():
    assert nice_ticks(1234) == [0, 500, 1000, 1500]
    assert nice_ticks(100) == [0, 25, 50, 75, 100]
    assert nice_ticks(0) == [0, 1]


def test_colours_have_enough_contrast_on_white():
    assert all(contrast_ratio(colour) >= 3 for colour in PALETTE)
    assert contrast_ratio(INK) >= 4.5
    assert contrast_ratio(MUTED) >= 4.5
