"""The province choropleth: 25 provinces, classes, hatching, names, attribution, size."""

import csv
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from ourvoice.geo.boundaries import GEOJSON
from ourvoice.geo.maps import ATTRIBUTION, CLASS_COLOURS, class_breaks, province_choropleth, province_shapes

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
CODES = [f"{n:02d}" for n in range(1, 26)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def draw(values, language="en", **kwargs):
    markup = province_choropleth(
        values, title="Reports", legend_title="Reports per 10,000 people", language=language, **kwargs
    )
    return str(markup), ET.fromstring(str(markup))  # noqa: S314 - our own output


def provinces(root):
    return {
        path.get("data-code"): path for path in root.iter(f"{SVG}path") if path.get("class") == "ov-province"
    }


def test_every_province_is_one_path_and_the_codes_are_the_gazetteers():
    with (GEOJSON.parent / "provinces.csv").open(encoding="utf-8") as f:
        gazetteer = {row["code"]: row for row in csv.DictReader(f)}
    shapes = province_shapes()
    assert [code for code, *_ in shapes] == sorted(gazetteer) == CODES
    for code, name_km, name_en, _path in shapes:  # the names geo_load puts on Province
        assert (name_km, name_en) == (gazetteer[code]["name_km"], gazetteer[code]["name_en"])
    _markup, root = draw({})
    assert len(provinces(root)) == 25
    assert all(path.get("d").startswith("M") for path in provinces(root).values())


def test_low_and_high_values_get_different_colours_and_none_is_hatched():
    values: dict[str, float | None] = {code: float(i) for i, code in enumerate(CODES)}
    values["05"] = None  # suppressed
    del values["06"]  # no data at all
    markup, root = draw(values)
    paths = provinces(root)
    assert paths["01"].get("fill") == CLASS_COLOURS[0]
    assert paths["25"].get("fill") == CLASS_COLOURS[-1]
    hatch_id = root.find("svg:defs/svg:pattern", NS).get("id")
    assert paths["05"].get("fill") == paths["06"].get("fill") == f"url(#{hatch_id})"
    assert paths["05"].find("svg:title", NS).text.endswith(": < 5")
    assert "no data or fewer than 5 reports" in markup
    assert len({path.get("fill") for path in paths.values()}) == 6


def test_legend_shows_the_class_bounds_with_the_callers_format():
    values = dict.fromkeys(CODES, 10.0) | {"01": 0.0, "02": 100.0}
    markup, _root = draw(values, breaks=[0, 20, 40, 60, 80, 100], value_format=lambda v: f"{v:.0f}%")
    for bounds in ("0% – 20%", "20% – 40%", "80% – 100%"):
        assert bounds in markup
    paths = provinces(_root)
    assert paths["02"].get("fill") == CLASS_COLOURS[-1]  # the top bound belongs to the top class
    assert paths["03"].get("fill") == CLASS_COLOURS[0]


def test_titles_use_khmer_names_in_khmer():
    markup, root = draw({"02": 12.0}, language="km")
    titles = {code: path.find("svg:title", NS).text for code, path in provinces(root).items()}
    assert titles["02"] == "បាត់ដំបង: ១២"
    assert titles["12"].startswith("ភ្នំពេញ: ")
    assert "Battambang" not in markup
    _markup, english_root = draw({"02": 12.0}, language="en")
    assert provinces(english_root)["02"].find("svg:title", NS).text == "Battambang: 12"


def test_attribution_accessibility_and_csp():
    markup, root = draw({"12": 3.0})
    assert ATTRIBUTION in markup
    assert "© OpenStreetMap contributors (ODbL)" in markup
    assert root.get("role") == "img"
    assert root.get("aria-labelledby").split() == [
        root.find("svg:title", NS).get("id"),
        root.find("svg:desc", NS).get("id"),
    ]
    for element in root.iter():
        assert "style" not in element.attrib
        assert not element.tag.endswith(("style", "script", "image"))
    assert "http" not in markup.replace("http://www.w3.org/2000/svg", "")  # nothing fetched: no tiles


def test_hostile_text_is_escaped():
    hostile = "<script>alert(1)</script>"
    markup = str(province_choropleth({}, title=hostile, legend_title=hostile, language="en"))
    assert "<script" not in markup
    ET.fromstring(markup)  # noqa: S314 - our own output


def test_the_map_stays_small():
    values = {code: float(i * 1234.5) for i, code in enumerate(CODES)}
    markup, _root = draw(values, language="km")
    assert len(markup.encode()) < 60_000


def test_neighbours_share_their_simplified_borders():
    """Phnom Penh fits Kandal's hole exactly: simplification kept shared borders identical."""
    shapes = {code: path for code, _km, _en, path in province_shapes()}

    def points(path):
        rings = []
        for ring in path.rstrip("z").split("z"):
            start, moves = ring[1:].split("l")
            x, y = map(int, start.split())
            numbers = [int(n) for n in moves.replace("-", " -").split()]
            ring_points = {(x, y)}
            for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
                x, y = x + dx, y + dy
                ring_points.add((x, y))
            rings.append(ring_points)
        return rings

    phnom_penh = points(shapes["12"])[0]
    assert any(ring == phnom_penh for ring in points(shapes["08"])[1:])


def test_unknown_codes_and_bad_breaks_raise():
    with pytest.raises(ValueError, match="99"):
        draw({"99": 1.0})
    with pytest.raises(ValueError):
        draw({"01": 1.0}, breaks=[1])


def test_quantile_breaks():
    assert class_breaks(list(range(26))) == [0, 5, 10, 15, 20, 25]
    assert class_breaks([7, 7, 7]) == [7]
    assert class_breaks([]) == []
