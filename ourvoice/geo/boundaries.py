"""Which province a point lies in, from the shipped province boundaries (data/provinces.geojson).

Only province polygons are shipped (data/SOURCE.md: simplified to about 300 m, ODbL), so a point
can be placed in a province, not in a district or commune. Plain ray casting over the polygons'
rings (holes included), after a bounding-box test: 25 polygons and ~5,400 vertices answer in well
under a millisecond, with no geometry library to install.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "data" / "provinces.geojson"

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) pairs, as GeoJSON orders them


@dataclass(frozen=True)
class _Polygon:
    rings: tuple[Ring, ...]  # exterior first, then holes
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@dataclass(frozen=True)
class _Province:
    code: str
    polygons: tuple[_Polygon, ...]


def _polygon(rings: list[list[list[float]]]) -> _Polygon:
    parsed = tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in rings)
    xs = [x for x, _ in parsed[0]]
    ys = [y for _, y in parsed[0]]
    return _Polygon(parsed, (min(xs), min(ys), max(xs), max(ys)))


@cache
def _provinces() -> tuple[_Province, ...]:
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    provinces = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        provinces.append(_Province(feature["properties"]["code"], tuple(_polygon(part) for part in parts)))
    return tuple(provinces)


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(lon: float, lat: float, polygon: _Polygon) -> bool:
    min_lon, min_lat, max_lon, max_lat = polygon.bbox
    if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
        return False
    exterior, *holes = polygon.rings
    return _in_ring(lon, lat, exterior) and not any(_in_ring(lon, lat, hole) for hole in holes)


def province_code_at(*, lat: float, lon: float) -> str | None:
    """The code of the province containing the WGS 84 point, or None outside Cambodia."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    for province in _provinces():
        if any(_in_polygon(lon, lat, polygon) for polygon in province.polygons):
            return province.code
    return None
