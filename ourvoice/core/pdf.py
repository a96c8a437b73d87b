"""PDFs with shaped Khmer: WeasyPrint, the vendored Kantumruy Pro font, words joined by U+200B.

WeasyPrint shapes Khmer through Pango and HarfBuzz with the vendored font, loaded from the static
folder by a ``file://`` address: rendering never touches the network (the URL fetcher allows
only ``file:`` and ``data:``). Pango does not break lines inside unspaced Khmer, so Khmer runs are
cut into words with khmercut and joined with U+200B (zero-width space) (docs KHMER.md, PDF).
Used by the receipt slip (``channels/staff/slip.py``) and the office posters
(``catalogue/posters.py``). Text extracted from these PDFs is scrambled: the database stays the
truth.
"""

import logging
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders

from ourvoice.core.khmer import khmer_tokenize as tokenize

ZWSP = "\u200b"
FONT_FILES = {
    "regular": "ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
    "bold": "ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
}
_KHMER_RUN = re.compile(r"[\u1780-\u17ff]+")
# WeasyPrint logs every rendering step at INFO; keep its warnings, not its progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@lru_cache(maxsize=4096)
def _wrap_run(run: str) -> str:
    # Cached: posters repeat the same sentences and service names on every page.
    return ZWSP.join(tokenize(run))


def khmer_wrappable(text: str) -> str:
    """Khmer words separated by U+200B, so that Pango may break lines between them."""
    return _KHMER_RUN.sub(lambda run: _wrap_run(run.group()), text)


@cache
def font_urls() -> dict[str, str]:
    """``file://`` addresses of the vendored fonts, found like any static file."""
    urls = {}
    for weight, name in FONT_FILES.items():
        found = finders.find(name)
        if not isinstance(found, str):
            raise RuntimeError(f"static font {name} not found")
        urls[weight] = Path(found).resolve().as_uri()
    return urls


def pdf_render(html: str) -> bytes:
    """A PDF from our own HTML, with local files and data addresses only."""
    # Imported here: importing WeasyPrint parses its stylesheets, which no other page needs.
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


def pdf_render_parts(parts: Sequence[str], on_part: Callable[[int], None] | None = None) -> bytes:
    """One PDF from several HTML documents laid out one after the other (their pages in order).

    A long document (the posters of a province) is laid out part by part, so that a background
    job can tell its progress: ``on_part(n)`` is called after the n-th part (1-based). The parts
    share one font configuration, so the fonts are embedded once.
    """
    from weasyprint import HTML, URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    fetcher = URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
    fonts = FontConfiguration()
    documents = []
    for number, html in enumerate(parts, start=1):
        documents.append(HTML(string=html, url_fetcher=fetcher).render(font_config=fonts))
        if on_part is not None:
            on_part(number)
    if not documents:
        raise ValueError("no document to render")
    pages = [page for document in documents for page in document.pages]
    return bytes(documents[0].copy(pages).write_pdf())
