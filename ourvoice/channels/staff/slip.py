"""The receipt slip: one A6 PDF page the citizen takes home (KHMER.md, PDF).

WeasyPrint shapes Khmer through Pango and HarfBuzz with the vendored Kantumruy Pro font, loaded
from the static folder by a ``file://`` address: rendering never touches the network (the URL
fetcher allows only ``file:`` and ``data:``). Pango does not break lines inside unspaced Khmer,
so Khmer runs are cut into words with khmercut and joined with U+200B (zero-width space).

The slip is bilingual whatever the page language: each sentence is translated twice, under
``km`` and ``en``. Text extracted from the PDF is scrambled; the database stays the truth.
"""

import dataclasses
import datetime
import logging
import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from khmercut import tokenize

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.feedback.receipts import Receipt
from ourvoice.offices.models import Office
from ourvoice.web.receipt_card import receipt_qr_data_uri

ZWSP = "\u200b"
FONT_FILES = {
    "regular": "ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2",
    "bold": "ourvoice/fonts/kantumruy-pro-khmer-700-normal.woff2",
}
_KHMER_RUN = re.compile(r"[\u1780-\u17ff]+")
# WeasyPrint logs every rendering step at INFO; keep its warnings, not its progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def khmer_wrappable(text: str) -> str:
    """Khmer words separated by U+200B, so that Pango may break lines between them."""
    return _KHMER_RUN.sub(lambda run: ZWSP.join(tokenize(run.group())), text)


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


@dataclasses.dataclass(frozen=True)
class SlipTexts:
    title: str
    code: str
    received: str
    date: str
    track: str
    private: str


def _texts(language: str, track_url: str) -> SlipTexts:
    with translation.override(language):
        texts = SlipTexts(
            title=_("Receipt of your report"),
            code=_("Your receipt code"),
            received=_("Received by"),
            date=_("Date"),
            track=_(
                "To follow your case, read the office's answer and reply, go to %(url)s and type this code."
            )
            % {"url": track_url},
            private=_("Keep this slip private: anyone who has the code can open your case."),
        )
    if language == "km":
        return SlipTexts(*(khmer_wrappable(value) for value in dataclasses.astuple(texts)))
    return texts


def slip_pdf(*, receipt: Receipt, office: Office, day: datetime.date, track_url: str) -> bytes:
    """The slip of ``receipt``: digits in groups of four (Khmer and Latin), QR code, the office
    in Khmer and English, the date, and how to follow the case."""
    grouped = receipt.grouped()
    context = {
        "km": _texts("km", track_url),
        "en": _texts("en", track_url),
        "digits_km": to_khmer_digits(grouped),
        "digits_latin": grouped,
        "qr": receipt_qr_data_uri(receipt),
        "office_km": khmer_wrappable(office.name_km),
        "office_en": office.name_en,
        "date_km": to_khmer_digits(day.strftime("%d/%m/%Y")),
        "date_latin": day.isoformat(),
        "fonts": font_urls(),
    }
    return pdf_render(render_to_string("channels/staff/slip.html", context))
