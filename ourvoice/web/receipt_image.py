"""The receipt as a PNG to keep ("Save as image"), in the language and digits of the page.

Khmer needs shaping (a vowel written before its consonant, subscript consonants under it), which
Pillow does only through libraqm (HarfBuzz, FriBiDi): the text is laid out with
``ImageFont.Layout.RAQM`` and the vendored Kantumruy Pro font, the one the pages use (FreeType reads
its woff2 files). Pillow's wheels and Debian's python3-pil both ship libraqm; without it the
image would show unshaped Khmer, so ``receipt_png`` refuses to draw Khmer then and falls back
to the English card (a check in the tests keeps CI honest). Khmer lines wrap between words found
by khmercut, as the PDFs do (docs/khmer.md).
"""

import io
import logging
import re
from dataclasses import dataclass, replace
from functools import cache

from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, features

from ourvoice.core.khmer import khmer_tokenize as tokenize
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.receipts import Receipt

log = logging.getLogger(__name__)

WIDTH = 640
MARGIN = 40
INK = "#1b1b1b"
MUTED = "#474747"
_KHMER = re.compile(r"[\u1780-\u17ff]")
_FONTS = {
    400: "ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
    700: "ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
}


def khmer_shaping_available() -> bool:
    return bool(features.check("raqm"))


@cache
def _khmer_font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    path = finders.find(_FONTS[weight])
    if not isinstance(path, str):
        raise RuntimeError(f"static font {_FONTS[weight]} not found")
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


@cache
def _latin_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own embedded font: the Khmer subset of Kantumruy Pro has no Latin letters.
    return ImageFont.load_default(size=size)


def _font(text: str, size: int, weight: int = 400) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return _khmer_font(size, weight) if _KHMER.search(text) else _latin_font(size)


def _pieces(text: str) -> list[str]:
    """Where a line may break: at spaces, and between Khmer words."""
    pieces: list[str] = []
    for chunk in text.split(" "):
        words = tokenize(chunk) if _KHMER.search(chunk) else [chunk]
        pieces.extend(words[:-1])
        pieces.append(words[-1] + " ")
    return [piece for piece in pieces if piece.strip()]


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for piece in _pieces(text):
        if current and font.getlength((current + piece).rstrip()) > width:
            lines.append(current.rstrip())
            current = ""
        current += piece
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _qr_image(receipt: Receipt) -> Image.Image:
    import segno  # the same code as the receipt page's

    buffer = io.BytesIO()
    segno.make_qr(receipt.digits, error="m").save(buffer, kind="png", scale=10, border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


@dataclass(frozen=True)
class _Text:
    text: str
    size: int
    weight: int = 400
    colour: str = INK
    space_after: int = 0
    one_line: bool = False  # the receipt's digits: made smaller rather than wrapped


def _content(receipt: Receipt, khmer: bool) -> list[_Text | None]:
    """The card from top to bottom; ``None`` is the place of the QR code."""
    grouped = receipt.grouped()
    content: list[_Text | None] = [
        _Text(_("Our Voice"), 36, 700, space_after=4),
        _Text(_("Your receipt code"), 28, space_after=12),
        None,
        _Text(to_khmer_digits(grouped) if khmer else grouped, 46, 700, space_after=6, one_line=True),
    ]
    if khmer:
        # Latin digits too, as on the page: some phones' keyboards have only those.
        content.append(_Text(grouped, 30, colour=MUTED, space_after=6, one_line=True))
    content += [
        _Text(_("Keep this code."), 26, 700, space_after=4),
        _Text(_("Keep it private: anyone who has this code can open your case."), 24),
    ]
    return content


def _width(item: _Text) -> float:
    return float(_font(item.text, item.size, item.weight).getlength(item.text))


def _line_height(line: str, size: int) -> int:
    # Khmer stacks vowels and subscripts above and below the line (as line-height 1.7 on the pages).
    return int(size * (1.7 if _KHMER.search(line) else 1.3))


def receipt_png(receipt: Receipt, *, language: str | None = None) -> bytes:
    """The card: product name, title, QR code, the grouped digits (Khmer digits, then Latin ones on
    Khmer pages) and a line on keeping it private, in ``language`` (default: the active one)."""
    language = language or translation.get_language() or "km"
    khmer = language.startswith("km")
    if khmer and not khmer_shaping_available():
        log.warning("Pillow has no libraqm: the receipt image is drawn in English")
        language, khmer = "en", False
    with translation.override(language):
        content = _content(receipt, khmer)
    qr = _qr_image(receipt)
    # Lay out first (wrapped lines and their heights), then draw on a card of the right height.
    rows: list[tuple[str, _Text | None, int, int]] = []  # (line, its text, height, space after)
    for item in content:
        if item is None:
            rows.append(("", None, qr.height, 8))
            continue
        while item.one_line and _width(item) > WIDTH - 2 * MARGIN:
            item = replace(item, size=item.size - 2)
        font = _font(item.text, item.size, item.weight)
        lines = _wrap(item.text, font, WIDTH - 2 * MARGIN)
        for number, line in enumerate(lines, start=1):
            after = item.space_after if number == len(lines) else 0
            rows.append((line, item, _line_height(line, item.size), after))
    card = Image.new("RGB", (WIDTH, 2 * MARGIN + sum(h + after for _l, _i, h, after in rows)), "white")
    draw = ImageDraw.Draw(card)
    y = MARGIN
    for line, item, height, after in rows:
        if item is None:
            card.paste(qr, ((WIDTH - qr.width) // 2, y))
        else:
            draw.text(
                (WIDTH // 2, y + height // 2),
                line,
                fill=item.colour,
                font=_font(line, item.size, item.weight),
                anchor="mm",
                language="km" if _KHMER.search(line) else None,
            )
        y += height + after
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return out.getvalue()
