"""Bar, grouped-bar and line charts as SVG markup drawn on the server (pure functions, no models).

The dashboards, the public transparency page and the PDF reports call these with numbers they
have already computed and suppressed: ``None`` means "fewer than 5 reports" (issue 6, small
numbers protected) and is drawn as the text "< 5" with no bar, or as a gap in a line, so a
suppressed figure can never be read off a bar's length. Numbers are written by the caller's
``value_format`` (Khmer or Latin digits, percent, riel); the default groups thousands and uses
Khmer digits on Khmer pages.

Drawing rules (see ``svg.py``): 480 viewBox units wide and ``width="100%"``, so a chart fills a
360-px phone and the page decides the maximum size; labels sit above their bars (long Khmer labels
wrap between words) rather than beside them, which would leave no room for bars on a phone;
``role="img"`` with <title> and <desc>; no ``style`` attributes (CSP). Pages must still show the
same numbers in a table (WCAG): the chart is a picture of the table, not a replacement for it.
"""

import math
from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ourvoice.core.svg import (
    FONT_SIZE,
    GRID,
    LINE_HEIGHT,
    MUTED,
    PALETTE,
    WIDTH,
    ValueFormat,
    chart_id,
    check_value,
    default_value_format,
    document,
    esc,
    fmt,
    text_element,
    text_width,
    wrap,
)

MARGIN = 8
BAR_HEIGHT = 18
GROUP_BAR_HEIGHT = 13
VALUE_ROOM = 84  # right of the longest bar, for its value
# Line series differ by marker and dash as well as by colour (WCAG 1.4.1, colour-blind readers).
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")


def suppressed_text() -> str:
    """What a suppressed value (fewer than 5 reports) reads as."""
    return _("< 5")


def _scale_max(values: Sequence[float | None], max_value: float | None) -> float:
    present = [v for v in values if v is not None]
    top = max([*present, 0.0]) if max_value is None else float(max_value)
    return top if top > 0 else 1.0


def _describe(
    description: str | None, pairs: list[tuple[str, float | None]], value_format: ValueFormat
) -> str:
    if description:
        return description
    shown = [f"{label}: {suppressed_text() if v is None else value_format(v)}" for label, v in pairs]
    return "; ".join(shown) if shown else _("No data to show")


def _no_data(y: float) -> str:
    return text_element(MARGIN, y + FONT_SIZE, _("No data to show"), fill=MUTED)


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    value_format: ValueFormat = default_value_format,
    max_value: float | None = None,
    description: str | None = None,
    colour: str = PALETTE[0],
) -> SafeString:
    """Horizontal bars, one per (label, value) row, label above its bar and value after it.

    ``max_value`` fixes the scale (e.g. 100 for percentages, or the same maximum for charts that
    are compared side by side); by default the largest value fills the width. ``None`` values are
    suppressed: "< 5", no bar. Values must be finite and >= 0.
    """
    values = [check_value(value) for _label, value in rows]
    top = _scale_max(values, max_value)
    span = WIDTH - 2 * MARGIN - VALUE_ROOM
    parts: list[str] = []
    y = float(MARGIN)
    for (label, _value), value in zip(rows, values, strict=True):
        lines = wrap(label, WIDTH - 2 * MARGIN)
        parts.append(text_element(MARGIN, y + FONT_SIZE, lines, css_class="ov-label"))
        y += LINE_HEIGHT * len(lines)
        if value is None:
            parts.append(text_element(MARGIN, y + 14, suppressed_text(), css_class="ov-suppressed"))
        else:
            length = span * min(value, top) / top
            parts.append(
                f'<rect class="ov-bar" x="{MARGIN}" y="{fmt(y)}" width="{fmt(length)}" '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            )
            parts.append(text_element(MARGIN + length + 5, y + 14, value_format(value), css_class="ov-value"))
        y += BAR_HEIGHT + 10
    if not rows:
        parts.append(_no_data(y))
        y += LINE_HEIGHT + MARGIN
    # The zero line the bars grow from.
    parts.insert(0, f'<line x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{fmt(y - 6)}" stroke="{MUTED}"/>')
    desc = _describe(
        description, [(label, v) for (label, _v), v in zip(rows, values, strict=True)], value_format
    )
    return document(
        ident=chart_id("bar", title, rows, max_value),
        title=title,
        desc=desc,
        width=WIDTH,
        height=y + MARGIN,
        body="".join(parts),
        css_class="ov-bar-chart",
    )


def _legend(names: Sequence[str], y: float, *, lines: bool = False) -> tuple[str, float]:
    """Swatches and names flowing left to right, wrapping to new rows; returns markup and new y."""
    parts: list[str] = []
    x = float(MARGIN)
    for index, name in enumerate(names):
        colour = PALETTE[index % len(PALETTE)]
        label = wrap(name, WIDTH - 2 * MARGIN - 30, max_lines=1)[0]
        needed = 26 + text_width(label) + 14
        if x > MARGIN and x + needed > WIDTH - MARGIN:
            x, y = float(MARGIN), y + LINE_HEIGHT + 4
        if lines:
            parts.append(_series_swatch(index, x, y + 9))
        else:
            parts.append(f'<rect x="{fmt(x)}" y="{fmt(y + 2)}" width="18" height="14" fill="{colour}"/>')
        parts.append(text_element(x + 24, y + 14, label, css_class="ov-legend"))
        x += needed
    return "".join(parts), y + LINE_HEIGHT + 8


def grouped_bar_chart(
    categories: Sequence[str],
    groups: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    value_format: ValueFormat = default_value_format,
    max_value: float | None = None,
    description: str | None = None,
) -> SafeString:
    """One block of bars per category, one bar per group in legend order (e.g. by gender).

    ``groups`` is ``[(group name, [value per category, ...]), ...]``; each list must have one value
    per category. Suppressed (``None``) values read "< 5" with no bar. Each bar also carries a
    <title> "group: value" for pointer users; every bar's value is written beside it, so the
    colours are a help, never the only way to read the chart.
    """
    checked = [(name, [check_value(v) for v in values]) for name, values in groups]
    for name, values in checked:
        if len(values) != len(categories):
            raise ValueError(f"group {name!r} has {len(values)} values for {len(categories)} categories")
    top = _scale_max([v for _name, values in checked for v in values], max_value)
    span = WIDTH - 2 * MARGIN - VALUE_ROOM
    legend, y = _legend([name for name, _values in checked], float(MARGIN))
    parts = [legend]
    described: list[tuple[str, float | None]] = []
    for index, category in enumerate(categories):
        lines = wrap(category, WIDTH - 2 * MARGIN)
        parts.append(text_element(MARGIN, y + FONT_SIZE, lines, css_class="ov-label"))
        y += LINE_HEIGHT * len(lines)
        top_of_block = y
        for group_index, (name, values) in enumerate(checked):
            value = values[index]
            described.append((f"{category}, {name}", value))
            shown = suppressed_text() if value is None else value_format(value)
            if value is None:
                parts.append(text_element(MARGIN + 4, y + 11, shown, size=13, css_class="ov-suppressed"))
            else:
                length = span * min(value, top) / top
                colour = PALETTE[group_index % len(PALETTE)]
                parts.append(
                    f'<rect class="ov-bar" x="{MARGIN}" y="{fmt(y)}" width="{fmt(length)}" '
                    f'height="{GROUP_BAR_HEIGHT}" fill="{colour}">'
                    f"<title>{esc(name)}: {esc(shown)}</title></rect>"
                )
                parts.append(text_element(MARGIN + length + 5, y + 11, shown, size=13, css_class="ov-value"))
            y += GROUP_BAR_HEIGHT + 3
        parts.append(
            f'<line x1="{MARGIN}" y1="{fmt(top_of_block)}" x2="{MARGIN}" y2="{fmt(y - 3)}" stroke="{MUTED}"/>'
        )
        y += 10
    if not categories or not checked:
        parts.append(_no_data(y))
        y += LINE_HEIGHT + MARGIN
    return document(
        ident=chart_id("grouped", title, categories, groups, max_value),
        title=title,
        desc=_describe(description, described, value_format),
        width=WIDTH,
        height=y + MARGIN,
        body="".join(parts),
        css_class="ov-grouped-bar-chart",
    )


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top``: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _marker(index: int, x: float, y: float, colour: str) -> str:
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="3.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{fmt(x - 3.5)}" y="{fmt(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{fmt(x)},{fmt(y - 4.5)} {fmt(x + 4.5)},{fmt(y + 3.5)} {fmt(x - 4.5)},{fmt(y + 3.5)}"
    else:
        points = f"{fmt(x)},{fmt(y - 5)} {fmt(x + 5)},{fmt(y)} {fmt(x)},{fmt(y + 5)} {fmt(x - 5)},{fmt(y)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _series_swatch(index: int, x: float, y: float) -> str:
    colour = PALETTE[index % len(PALETTE)]
    dash = DASHES[index % len(DASHES)]
    dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{fmt(x)}" y1="{fmt(y)}" x2="{fmt(x + 18)}" y2="{fmt(y)}" stroke="{colour}" '
        f'stroke-width="2.5"{dash_attribute}/>' + _marker(index, x + 9, y, colour)
    )


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    value_format: ValueFormat = default_value_format,
    max_value: float | None = None,
    description: str | None = None,
) -> SafeString:
    """Lines over evenly spaced labels (e.g. months), with y ticks, x labels and a legend.

    ``series`` is ``[(name, [value per label, ...]), ...]``. A ``None`` leaves a gap: the line is
    not drawn through a suppressed month, so it cannot be guessed from its neighbours. Every
    point has a marker (a lone point between two gaps stays visible); series differ by colour,
    marker shape and dash. Too many labels for the width are thinned to every n-th.
    """
    checked = [(name, [check_value(v) for v in values]) for name, values in series]
    for name, values in checked:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
    present = [v for _name, values in checked for v in values if v is not None]
    ticks = nice_ticks(max(present, default=0.0) if max_value is None else float(max_value))
    top = ticks[-1]
    legend, y = _legend([name for name, _values in checked], float(MARGIN), lines=True)
    tick_texts = [value_format(t) for t in ticks]
    left = MARGIN + max(text_width(t, 13) for t in tick_texts) + 8
    right = WIDTH - MARGIN - 10
    plot_top, plot_height = y + 6, 210.0
    bottom = plot_top + plot_height
    parts = [legend]
    for tick, text in zip(ticks, tick_texts, strict=True):
        ty = bottom - plot_height * tick / top
        parts.append(
            f'<line x1="{fmt(left)}" y1="{fmt(ty)}" x2="{fmt(right)}" y2="{fmt(ty)}" stroke="{GRID}"/>'
        )
        parts.append(
            text_element(left - 6, ty + 4.5, text, size=13, fill=MUTED, anchor="end", css_class="ov-tick")
        )
    parts.append(
        f'<line x1="{fmt(left)}" y1="{fmt(bottom)}" x2="{fmt(right)}" y2="{fmt(bottom)}" stroke="{MUTED}"/>'
    )
    count = len(labels)
    step_x = (right - left) / (count - 1) if count > 1 else 0.0

    def x_at(i: int) -> float:
        return left + step_x * i if count > 1 else (left + right) / 2

    widest = max((text_width(label, 13) for label in labels), default=0.0) + 8
    every = max(1, math.ceil(widest / step_x)) if step_x else 1
    for i, label in enumerate(labels):
        if i % every == 0:
            tick_label = wrap(label, max(widest, 40), 13, max_lines=1)
            parts.append(
                text_element(
                    x_at(i),
                    bottom + 18,
                    tick_label,
                    size=13,
                    fill=MUTED,
                    anchor="middle",
                    css_class="ov-tick",
                )
            )
    described: list[tuple[str, float | None]] = []
    for index, (name, values) in enumerate(checked):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        commands: list[str] = []
        pen_down = False
        for i, value in enumerate(values):
            described.append((f"{name}, {labels[i]}", value))
            if value is None:
                pen_down = False
                continue
            point = f"{fmt(x_at(i))} {fmt(bottom - plot_height * min(value, top) / top)}"
            commands.append(("L" if pen_down else "M") + point)
            pen_down = True
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path class="ov-line" d="{"".join(commands)}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f'{dash_attribute} stroke-linejoin="round"><title>{esc(name)}</title></path>'
            if commands
            else ""
        )
        for i, value in enumerate(values):
            if value is not None:
                parts.append(_marker(index, x_at(i), bottom - plot_height * min(value, top) / top, colour))
    height = bottom + 18 + LINE_HEIGHT
    if not present:
        parts.append(
            text_element(
                (left + right) / 2, plot_top + plot_height / 2, _("No data to show"), anchor="middle"
            )
        )
    return document(
        ident=chart_id("line", title, labels, series, max_value),
        title=title,
        desc=_describe(description, described, value_format),
        width=WIDTH,
        height=height,
        body="".join(parts),
        css_class="ov-line-chart",
    )


__all__ = ["bar_chart", "grouped_bar_chart", "line_chart", "nice_ticks", "suppressed_text"]
