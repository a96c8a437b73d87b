"""Building blocks shared by the server-drawn SVG charts (``charts.py``) and the map (``geo/maps.py``).

Why SVG drawn on the server: no chart library to ship or audit, no third-party request, nothing
for the Content-Security-Policy to block (only presentation attributes such as ``fill``, never
``style=""`` or ``<style>``), the same markup works in pages and in WeasyPrint PDFs, and a phone
on a slow network receives a few kilobytes of text. Every string that goes into the markup passes
through :func:`esc`; the caller's text is never trusted.

Colours: :data:`PALETTE` are Okabe–Ito hues (distinguishable with the common colour-vision
deficiencies) darkened until each has at least 3:1 contrast against white (WCAG 1.4.11, checked
by the tests); :data:`INK` is the text colour (> 7:1). Charts never rely on colour alone: values
are written beside the bars, and line series also differ by marker shape and dash pattern.
"""

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ourvoice.core.khmer import to_khmer_digits

ValueFormat = Callable[[float], str]

INK = "#222222"  # text: 15.9:1 on white
MUTED = "#595959"  # axes and secondary text: 7:1 on white
GRID = "#d9d9d9"  # decorative grid lines (not information)
# blue, vermillion, bluish green, reddish purple, dark grey, ochre: each >= 3:1 on white.
PALETTE = ("#0072B2", "#C24F00", "#007A5A", "#A6457A", "#595959", "#8A6500")
FONT_FAMILY = "'Kantumruy Pro', 'Noto Sans Khmer', sans-serif"
FONT_SIZE = 15  # in viewBox units; charts are 480 wide, so at 360 px this is ~11 px
LINE_HEIGHT = 19
WIDTH = 480


def esc(value: object) -> str:
    """Text or attribute content, with & < > " ' escaped."""
    return str(escape(str(value)))


def default_value_format(value: float) -> str:
    """A number grouped by thousands, up to one decimal, in Khmer digits on Khmer pages."""
    decimals = 0 if float(value).is_integer() else 1
    text = number_format(value, decimals, force_grouping=True)
    return to_khmer_digits(text) if (get_language() or "").startswith("km") else text


def check_value(value: float | None) -> float | None:
    """None (suppressed) or a finite number >= 0; anything else is a programming error."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"chart values must be finite and >= 0, not {value!r}")
    return number


def chart_id(*parts: object) -> str:
    """A stable id prefix for <title>/<desc>/pattern ids, derived from the content.

    Stable output can be cached and compared in tests; two different charts on one page get
    different ids because their content differs.
    """
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"ovc-{digest}"


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _char_width(char: str) -> float:
    """Rough advance width in em: enough to wrap labels, not to typeset them."""
    category = unicodedata.category(char)
    if category == "Mn" or char in "\u200b\u200c\u200d":
        return 0.0
    if category == "Mc":  # Khmer dependent vowels that take room after the consonant
        return 0.35
    if "\u1780" <= char <= "\u17ff":
        return 0.75
    return 0.62 if char.isupper() or char.isdigit() else 0.52


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    # A consonant after COENG (U+17D2) is written below the previous one and takes no room.
    widths = [0.0 if i and text[i - 1] == "\u17d2" else _char_width(c) for i, c in enumerate(text)]
    return sum(widths) * font_size


_SPACE = re.compile(r"\s+")
_KHMER_RUN = re.compile(r"[\u1780-\u17ff]+")


def _words(text: str) -> list[str]:
    """Pieces between which a line may break: at spaces, and between Khmer words (khmercut)."""
    from ourvoice.core.khmer import (
        khmer_tokenize as tokenize,
    )  # imported here: the model loads only when a label is long

    pieces: list[str] = []
    for chunk in _SPACE.split(text.strip()):
        position = 0
        for run in _KHMER_RUN.finditer(chunk):
            if run.start() > position:
                pieces.append(chunk[position : run.start()])
            pieces.extend(tokenize(run.group()))
            position = run.end()
        if position < len(chunk):
            pieces.append(chunk[position:])
        if pieces:
            pieces[-1] += " "
    return [piece for piece in pieces if piece.strip()]


def wrap(text: str, max_width: float, font_size: float = FONT_SIZE, max_lines: int = 3) -> list[str]:
    """Lines of ``text`` that fit ``max_width``; the last line ends with "…" if text remains.

    SVG text does not wrap by itself and Khmer has no spaces between words, so long labels are
    cut between words found by khmercut (as the PDFs do, docs KHMER.md).
    """
    text = _SPACE.sub(" ", text).strip()
    if text_width(text, font_size) <= max_width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in _words(text):
        if current and text_width(current + word, font_size) > max_width:
            lines.append(current.rstrip())
            current = ""
        current += word
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines


def text_element(
    x: float,
    y: float,
    lines: Iterable[str] | str,
    *,
    size: float = FONT_SIZE,
    fill: str = INK,
    anchor: str = "start",
    css_class: str = "",
    weight: str = "",
) -> str:
    """A <text> with one <tspan> per line (escaped)."""
    lines = [lines] if isinstance(lines, str) else list(lines)
    attributes = f'x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(size)}" fill="{fill}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if weight:
        attributes += f' font-weight="{weight}"'
    if css_class:
        attributes += f' class="{css_class}"'
    if len(lines) == 1:
        return f"<text {attributes}>{esc(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{fmt(x)}" dy="{0 if i == 0 else LINE_HEIGHT * size / FONT_SIZE:g}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text {attributes}>{spans}</text>"


def fmt(number: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros (keeps the markup small)."""
    rounded = round(float(number), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def document(
    *, ident: str, title: str, desc: str, width: float, height: float, body: str, css_class: str
) -> SafeString:
    """The outer <svg>: scales to its container (width 100%, viewBox), named for screen readers."""
    return mark_safe(  # noqa: S308 - every piece of text in body and here went through esc()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(width)} {fmt(height)}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" class="ov-chart {css_class}" '
        f'font-family="{esc(FONT_FAMILY)}">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(desc)}</desc>'
        f"{body}</svg>"
    )
