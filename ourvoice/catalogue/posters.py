"""QR posters: one printable A4 page per office, Khmer and English on the same page, the modern
replacement of the mailbox at the office door (README.md).

Each page has the office's name and address, a QR code of its feedback page
(``OURVOICE_SITE_URL`` + ``/km/o/<id>/``), the four ways to give feedback, the office's main
services with their official fees (or "fee not yet published"), and the promise that reports can
be anonymous. Many offices (a district, a province) are one WeasyPrint document, one page each.
Rendered with ``ourvoice/core/pdf.py`` (shaped Khmer, vendored font, nothing fetched).
"""

import dataclasses
from collections.abc import Callable, Iterable, Sequence

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ourvoice.catalogue.models import Service
from ourvoice.core.pdf import font_urls, khmer_wrappable, pdf_render_parts
from ourvoice.core.templatetags.khmer import riel
from ourvoice.feedback.actions import CITIZEN_ACTIONS
from ourvoice.offices.models import Office

# The services a poster lists at most (in catalogue order): an A4 page keeps one office's poster.
POSTER_SERVICES = 8
# Offices laid out at a time (progress steps of a background job; ~3 s of work each).
POSTER_PART = 10


def office_feedback_url(office: Office) -> str:
    """The absolute address of the office's page in Khmer, where its QR code leads."""
    with translation.override("km"):
        path = reverse("web:office_link", args=[office.pk])
    return settings.OURVOICE_SITE_URL.rstrip("/") + path


def qr_data_uri(url: str) -> str:
    # A full QR code (not Micro QR) with medium error correction, readable from a printed page.
    return str(segno.make_qr(url, error="m").svg_data_uri(scale=4, border=4, light="#fff"))


@dataclasses.dataclass(frozen=True)
class Way:
    title: str
    text: str


@dataclasses.dataclass(frozen=True)
class Texts:
    """The poster's sentences in one language (Khmer ones joined with U+200B)."""

    headline: str
    scan: str
    ways_title: str
    ways: tuple[Way, ...]
    services_title: str
    fee: str
    fee_missing: str
    overcharge: str
    anonymous: str

    def wrapped(self) -> "Texts":
        ways = tuple(Way(khmer_wrappable(w.title), khmer_wrappable(w.text)) for w in self.ways)
        values = {
            field.name: khmer_wrappable(getattr(self, field.name))
            for field in dataclasses.fields(self)
            if field.name != "ways"
        }
        return Texts(ways=ways, **values)


def _texts(language: str) -> Texts:
    with translation.override(language):
        texts = Texts(
            headline=_("Have your say on the services of this office"),
            scan=_("Scan the code with your phone's camera, or open this address:"),
            ways_title=_("What you can do"),
            ways=tuple(Way(str(a.title), str(a.description)) for a in CITIZEN_ACTIONS),
            services_title=_("Official fees"),
            fee=_("Official fee"),
            fee_missing=_("Fee not yet published"),
            overcharge=_("Were you asked to pay more than the official fee? Tell us."),
            anonymous=_(
                "You can report anonymously: you do not give your name. You receive a receipt code "
                "to follow your case and read the office's answer."
            ),
        )
    return texts.wrapped() if language == "km" else texts


@dataclasses.dataclass(frozen=True)
class PosterService:
    name_km: str
    name_en: str
    fee_km: str
    fee_en: str


def _fee(service: Service, language: str, missing: str) -> str:
    if service.official_fee_riel is None:
        return missing
    with translation.override(language):
        return riel(service.official_fee_riel)


def _poster(office: Office, services: list[Service], km: Texts, en: Texts) -> dict[str, object]:
    url = office_feedback_url(office)
    return {
        "office": office,
        "name_km": khmer_wrappable(office.name_km),
        "address_km": khmer_wrappable(office.address_km),
        "url": url,
        "qr": qr_data_uri(url),
        "services": [
            PosterService(
                khmer_wrappable(s.name_km),
                s.name_en,
                _fee(s, "km", km.fee_missing),
                _fee(s, "en", en.fee_missing),
            )
            for s in services[:POSTER_SERVICES]
        ],
    }


def posters_pdf(*, offices: Sequence[Office], on_progress: Callable[[int, int], None] | None = None) -> bytes:
    """One A4 page per office, in the order given, as one PDF.

    Laid out ``POSTER_PART`` offices at a time; ``on_progress(done, total)`` is told after each
    part (the background job's progress bar, ``poster_jobs.py``).
    """
    km, en = _texts("km"), _texts("en")
    catalogue = list(Service.objects.filter(is_active=True))
    ways = list(zip(km.ways, en.ways, strict=True))
    fonts = font_urls()
    parts = []
    for start in range(0, max(len(offices), 1), POSTER_PART):
        posters = []
        for office in offices[start : start + POSTER_PART]:
            services = [s for s in catalogue if office.type in s.office_types]
            posters.append(_poster(office, services, km, en))
        context = {"km": km, "en": en, "ways": ways, "posters": posters, "fonts": fonts}
        parts.append(render_to_string("catalogue/posters.html", context))

    def on_part(number: int) -> None:
        if on_progress is not None:
            on_progress(min(number * POSTER_PART, len(offices)), len(offices))

    return pdf_render_parts(parts, on_part)


def poster_offices(*, province_id: str | None = None, district_id: str | None = None) -> list[Office]:
    """The offices of a district, or of a province, that receive citizens: provincial offices
    first, then district by district, each district's offices before its communes'."""
    offices = Office.objects.exclude(type=Office.Type.NATIONAL_OVERSIGHT)
    if district_id:
        offices = offices.filter(district_id=district_id)
    elif province_id:
        offices = offices.filter(province_id=province_id)
    else:
        return []
    return poster_order(offices)


def poster_order(offices: Iterable[Office]) -> list[Office]:
    """Pages in the same order on every database (NULLs sort first in SQLite, last in
    PostgreSQL): province by province, district by district, each district's offices (no
    commune) before its communes', then by office type and name."""
    order = {value: index for index, value in enumerate(Office.Type.values)}
    return sorted(
        offices,
        key=lambda o: (
            o.province_id or "",
            o.district_id or "",
            o.commune_id or "",
            order[o.type],
            o.name_en,
            o.pk,
        ),
    )
