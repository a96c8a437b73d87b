"""A choropleth of Cambodia's 25 provinces as SVG markup, drawn on the server from the shipped
boundaries (``data/provinces.geojson``, ODbL: the attribution is drawn inside the map).

Why this way: no tiles, no map library, no request to another host, so the map works offline,
passes the Content-Security-Policy and goes into PDFs unchanged. The province shapes are
projected and simplified once per process (cached) and only the fills and titles change per call.

Geometry: equirectangular projection with the longitude scaled by cos(mean latitude) (at 12.5°N
a plain lon/lat plot would be 2% too wide: small, but free to correct), then Douglas–Peucker in
projected units to half a drawing unit. Borders are simplified as shared arcs: a vertex where
three or more rings meet, or where a border meets the coast, is kept, and each stretch between two
kept vertices is simplified in one canonical direction, so neighbouring provinces keep identical
borders (no slivers or overlaps; Phnom Penh still fits Kandal's hole exactly). Coordinates are
written as small relative integers on a 2x grid; the whole map stays well under 60 KB.

Colours: five classes of ColorBrewer YlGnBu (sequential, colour-blind safe), with quantile class
bounds by default (25 provinces: five per class) or the caller's ``breaks`` (fixed bounds keep
maps comparable across quarters). Provinces with no value or a suppressed one (fewer than 5
reports) are hatched grey, never coloured as "low". Every province's outline is dark enough
(>= 3:1) to see its shape whatever the fill, and its <title> names it with its value.
"""

import bisect
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import override

from ourvoice.core.charts import suppressed_text
from ourvoice.core.svg import (
    FONT_SIZE,
    LINE_HEIGHT,
    MUTED,
    WIDTH,
    ValueFormat,
    chart_id,
    check_value,
    default_value_format,
    document,
    esc,
    text_element,
    wrap,
)
from ourvoice.geo.boundaries import GEOJSON

CLASS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")  # ColorBrewer YlGnBu, 5 classes
OUTLINE = "#555555"  # 7.5:1 on white, 3:1 or more against every class colour but the darkest
GRID = 2  # drawing units per viewBox unit: coordinates are integers on a grid twice as fine
TOLERANCE = 1.0  # Douglas–Peucker tolerance in grid units (half a viewBox unit)
MAP_MARGIN = 8
# The licence credit ODbL asks for on a produced work (data/SOURCE.md), kept verbatim in every
# language: it names projects and a licence, as OpenStreetMap's own attribution guideline shows it.
ATTRIBUTION = "© OpenStreetMap contributors (ODbL), geoBoundaries"

Point = tuple[float, float]


@cache
def _features() -> tuple[dict, ...]:
    return tuple(json.loads(GEOJSON.read_text(encoding="utf-8"))["features"])


def _rings_by_code() -> dict[str, list[list[Point]]]:
    rings: dict[str, list[list[Point]]] = {}
    for feature in _features():
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings[feature["properties"]["code"]] = [
            [(x, y) for x, y, *_ in ring] for polygon in polygons for ring in polygon
        ]
    return rings


def _distance(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def _douglas_peucker(points: list[Point]) -> list[Point]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, far_distance = 0, TOLERANCE
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far_distance:
                far, far_distance = i, d
        if far:
            keep[far] = True
            stack += [(first, far), (far, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(ring: list[Point], fixed: set[Point]) -> list[Point]:
    """The ring simplified between its fixed vertices, each stretch in a canonical direction."""
    ring = ring[:-1] if ring[0] == ring[-1] else ring
    anchors = [i for i, p in enumerate(ring) if p in fixed]
    if len(anchors) < 2:  # an island, or a province inside another: fix two deterministic points
        low = ring.index(min(ring))
        high = max(range(len(ring)), key=lambda i: (math.dist(ring[i], ring[low]), ring[i]))
        anchors = sorted({low, high, *anchors})
    out: list[Point] = []
    for a, b in zip(anchors, [*anchors[1:], anchors[0] + len(ring)], strict=True):
        stretch = [ring[i % len(ring)] for i in range(a, b + 1)]
        if stretch[0] > stretch[-1] or (stretch[0] == stretch[-1] and stretch[1] > stretch[-2]):
            stretch = _douglas_peucker(stretch[::-1])[::-1]
        else:
            stretch = _douglas_peucker(stretch)
        out += stretch[:-1]
    return out


def _project() -> tuple[dict[str, list[list[Point]]], float, float]:
    rings = _rings_by_code()
    every = [p for code_rings in rings.values() for ring in code_rings for p in ring]
    min_x, max_x = min(x for x, _ in every), max(x for x, _ in every)
    min_y, max_y = min(y for _, y in every), max(y for _, y in every)
    squeeze = math.cos(math.radians((min_y + max_y) / 2))
    scale = (WIDTH - 2 * MAP_MARGIN) * GRID / ((max_x - min_x) * squeeze)
    projected = {
        code: [[((x - min_x) * squeeze * scale, (max_y - y) * scale) for x, y in ring] for ring in code_rings]
        for code, code_rings in rings.items()
    }
    return projected, (max_x - min_x) * squeeze * scale, (max_y - min_y) * scale


def _path(rings: list[list[Point]]) -> str:
    """SVG path data: each ring as an absolute move then relative integer lines ("l3-2 4 5")."""
    parts: list[str] = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(set(points)) < 3:
            continue  # an islet smaller than the tolerance
        numbers = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(points)]
        parts.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(numbers).replace(" -", "-") + "z")
    return "".join(parts)


@cache
def province_shapes() -> tuple[tuple[str, str, str, str], ...]:
    """(code, name_km, name_en, path data) per province, in code order; computed once."""
    projected, _width, _height = _project()
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for code_rings in projected.values():
        for ring in code_rings:
            for a, b in itertools.pairwise(ring):
                neighbours[a].add(b)
                neighbours[b].add(a)
    fixed = {p for p, near in neighbours.items() if len(near) > 2}
    names = {f["properties"]["code"]: f["properties"] for f in _features()}
    return tuple(
        (
            code,
            names[code]["name_km"],
            names[code]["name_en"],
            _path([_simplify_ring(ring, fixed) for ring in projected[code]]),
        )
        for code in sorted(projected)
    )


@cache
def _map_size() -> tuple[float, float]:
    _projected, width, height = _project()
    return width / GRID, height / GRID


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Quantile class bounds (at most ``classes`` classes, fewer when values repeat)."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = [
        ordered[min(len(ordered) - 1, round(i * (len(ordered) - 1) / classes))] for i in range(classes + 1)
    ]
    return sorted(set(bounds))


def _colours(count: int) -> list[str]:
    if count <= 1:
        return [CLASS_COLOURS[2]]
    return [CLASS_COLOURS[round(i * (len(CLASS_COLOURS) - 1) / (count - 1))] for i in range(count)]


def province_choropleth(
    values: dict[str, float | None],
    *,
    title: str,
    value_format: ValueFormat = default_value_format,
    legend_title: str,
    language: str,
    breaks: Sequence[float] | None = None,
    description: str | None = None,
) -> SafeString:
    """The 25 provinces coloured by ``values`` (province code -> value; None or missing = no data).

    ``breaks`` are ascending class bounds (2 to 6 numbers: up to 5 classes); by default quantiles
    of the values. ``language`` ("km" or "en") picks province names and the built-in texts.
    Unknown province codes raise ValueError: a caller with a stale code must notice.
    """
    known = {code for code, *_rest in province_shapes()}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"unknown province codes: {unknown}")
    checked = {code: check_value(value) for code, value in values.items()}
    present = [v for v in checked.values() if v is not None]
    bounds = sorted(float(b) for b in breaks) if breaks is not None else class_breaks(present)
    if breaks is not None and not 2 <= len(bounds) <= len(CLASS_COLOURS) + 1:
        raise ValueError("breaks needs 2 to 6 bounds")
    colours = _colours(max(1, len(bounds) - 1))
    ident = chart_id("map", title, sorted(values.items()), bounds, language)
    hatch = f"{ident}-nodata"
    with override(language):
        return _draw(
            checked, bounds, colours, ident, hatch, title, value_format, legend_title, language, description
        )


def _class_of(value: float, bounds: list[float], count: int) -> int:
    return min(count - 1, max(0, bisect.bisect_right(bounds, value) - 1))


def _draw(
    values: dict[str, float | None],
    bounds: list[float],
    colours: list[str],
    ident: str,
    hatch: str,
    title: str,
    value_format: ValueFormat,
    legend_title: str,
    language: str,
    description: str | None,
) -> SafeString:
    no_data = _("no data or fewer than 5 reports")
    parts = [
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="#8c8c8c" stroke-width="3"/></pattern></defs>',
        f'<g transform="translate({MAP_MARGIN} {MAP_MARGIN}) scale({1 / GRID})" stroke="{OUTLINE}" '
        f'stroke-width="1.2" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    described = []
    for code, name_km, name_en, path in province_shapes():
        name = name_km if language.startswith("km") else name_en
        value = values.get(code)
        if value is None:
            fill, shown = f"url(#{hatch})", suppressed_text() if code in values else no_data
        else:
            fill, shown = colours[_class_of(value, bounds, len(colours))], value_format(value)
        described.append(f"{name}: {shown}")
        parts.append(
            f'<path class="ov-province" data-code="{code}" d="{path}" fill="{fill}">'
            f"<title>{esc(name)}: {esc(shown)}</title></path>"
        )
    parts.append("</g>")
    _map_width, map_height = _map_size()
    y = MAP_MARGIN + map_height + 16
    lines = wrap(legend_title, WIDTH - 2 * MAP_MARGIN)
    parts.append(text_element(MAP_MARGIN, y + FONT_SIZE, lines, weight="bold", css_class="ov-legend-title"))
    y += LINE_HEIGHT * len(lines) + 4
    entries = [
        (colour, f"{value_format(low)} – {value_format(high)}" if low != high else value_format(low))
        for colour, low, high in zip(colours, bounds, bounds[1:] or bounds, strict=False)
    ]
    entries.append((f"url(#{hatch})", no_data))
    for colour, label in entries:
        parts.append(
            f'<rect class="ov-legend-swatch" x="{MAP_MARGIN}" y="{y + 2:g}" width="24" height="16" '
            f'fill="{colour}" stroke="{OUTLINE}"/>'
        )
        parts.append(text_element(MAP_MARGIN + 32, y + 15, label, css_class="ov-legend"))
        y += LINE_HEIGHT + 4
    parts.append(
        text_element(MAP_MARGIN, y + 14, ATTRIBUTION, size=12, fill=MUTED, css_class="ov-attribution")
    )
    desc = description or _("Map of the 25 provinces of Cambodia: darker means higher. %(values)s") % {
        "values": "; ".join(described)
    }
    return document(
        ident=ident,
        title=title,
        desc=desc,
        width=WIDTH,
        height=y + 24,
        body="".join(parts),
        css_class="ov-map",
    )
