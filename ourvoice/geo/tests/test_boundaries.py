"""Which province a point lies in, from the shipped province boundaries."""

import json

import pytest

from ourvoice.geo.boundaries import GEOJSON, province_code_at


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (11.5564, 104.9282, "12"),  # Phnom Penh, Royal Palace
        (13.3633, 103.8564, "17"),  # Siem Reap town
        (13.0957, 103.2022, "02"),  # Battambang town
        (10.6104, 104.1816, "07"),  # Kampot town
        (13.7563, 100.5018, None),  # Bangkok
        (10.5, 103.5, None),  # the Gulf of Thailand
        (float("nan"), 104.0, None),
        (0.0, 0.0, None),
    ],
)
def test_points_fall_in_their_province(lat, lon, code):
    assert province_code_at(lat=lat, lon=lon) == code


def test_every_province_contains_a_point_of_its_own():
    """A vertex nudged toward its polygon's centre lies inside that province (holes aside)."""
    data = json.loads(GEOJSON.read_text())
    assert len(data["features"]) == 25
    for feature in data["features"]:
        geometry = feature["geometry"]
        ring = (geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0])[0]
        cx = sum(x for x, _ in ring) / len(ring)
        cy = sum(y for _, y in ring) / len(ring)
        hits = {
            province_code_at(lat=y + (cy - y) * 0.02, lon=x + (cx - x) * 0.02)
            for x, y in ring[:: max(len(ring) // 20, 1)]
        }
        assert feature["properties"]["code"] in hits
