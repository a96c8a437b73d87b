"""The receipt slip: one A6 PDF page the citizen takes home (KHMER.md, PDF).

Rendered with ``ourvoice/core/pdf.py``: WeasyPrint, the vendored Kantumruy Pro font, Khmer words
joined with U+200B, nothing fetched from the network.

The slip is bilingual whatever the page language: each sentence is translated twice, under
``km`` and ``en``. Text extracted from the PDF is scrambled; the database stays the truth.
"""

import dataclasses
import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ourvoice.core.khmer import to_khmer_digits
from ourvoice.core.pdf import font_urls, khmer_wrappable, pdf_render
from ourvoice.feedback.receipts import Receipt
from ourvoice.offices.models import Office
from ourvoice.web.receipt_card import receipt_qr_data_uri


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
