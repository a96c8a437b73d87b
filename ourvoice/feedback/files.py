"""Cleaning of uploaded files (SECURITY.md D1-D3).

A file is accepted only when its extension and its content agree on a type from the allowlist.
Before anything is decoded, an image's declared size is checked against
``settings.UPLOAD_MAX_PIXELS`` from its header, and a file carrying another one (a polyglot) is
refused (``file_structure.py``). Then images are rebuilt from their pixels, audio is re-encoded
to Ogg Opus, and PDFs are rewritten page by page with every picture inside re-encoded from its
pixels, or refused when they carry scripts or attached files (``file_pdf.py``): nothing the
device wrote besides the content itself (EXIF/GPS, XMP, ICC profile, JPEG comments, audio tags,
PDF document info) survives. Every refusal is a ValidationError with a translated message naming
the file, which each interface answers with a 4xx (the web form, the REST API, Open311, the chat
channels, staff intake and message attachments all come through ``clean_upload``).
"""

import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ourvoice.core.templatetags.khmer import digits
from ourvoice.feedback.file_pdf import PdfRefused, clean_pdf
from ourvoice.feedback.file_structure import Refused, check_any, check_image, check_pdf, image_layout

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# extension -> (kind, content types that the content may be detected as)
_ALLOWED: dict[str, tuple[str, set[str]]] = {
    "jpg": ("image", {"image/jpeg"}),
    "jpeg": ("image", {"image/jpeg"}),
    "png": ("image", {"image/png"}),
    "webp": ("image", {"image/webp"}),
    "ogg": ("audio", {"audio/ogg", "video/ogg"}),
    "oga": ("audio", {"audio/ogg", "video/ogg"}),
    "opus": ("audio", {"audio/ogg", "video/ogg"}),
    "webm": ("audio", {"video/webm", "audio/webm"}),
    "m4a": ("audio", {"audio/mp4", "video/mp4", "audio/m4a", "audio/x-m4a"}),
    "mp4": ("audio", {"audio/mp4", "video/mp4"}),
    "mp3": ("audio", {"audio/mpeg"}),
    "wav": ("audio", {"audio/x-wav", "audio/wav"}),
    "pdf": ("pdf", {"application/pdf"}),
}
_MAX_IMAGE_SIDE = 2560
_MAX_AUDIO_SECONDS = 10 * 60
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in _ALLOWED) + ",image/*,audio/*,application/pdf"


@dataclass(frozen=True)
class CleanFile:
    kind: str  # image | audio | pdf
    content_type: str
    extension: str
    data: bytes


def _refuse(message: "StrOrPromise", **params: object) -> ValidationError:
    return ValidationError(message, code="file_refused", params=params)


def clean_upload(*, name: str, data: bytes) -> CleanFile:
    """Return a cleaned copy of an upload, or raise ValidationError with a clear message."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise _refuse(
            _("The file “%(name)s” is too large: the limit is %(limit)s."),
            name=name,
            limit=filesizeformat(settings.UPLOAD_MAX_BYTES),
        )
    if not data:
        raise _refuse(_("The file “%(name)s” is empty."), name=name)
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = _ALLOWED.get(extension)
    detected = filetype.guess_mime(data)
    if allowed is None or detected not in allowed[1]:
        raise _refuse(
            _(
                "The file “%(name)s” cannot be accepted. "
                "Send photos (JPEG, PNG, WebP), a voice note or a PDF."
            ),
            name=name,
        )
    kind = allowed[0]
    try:
        if kind == "image":
            _check_image(name, data, detected)
            return _clean_image(data, extension)
        if kind == "audio":
            check_any(data)
            return _clean_audio(data)
        check_pdf(data)
        return CleanFile("pdf", "application/pdf", "pdf", clean_pdf(data))
    except ValidationError:
        raise
    except Refused as refused:
        pdf_trailing = kind == "pdf" and refused.reason == "trailing"
        raise _refuse(_PDF_TRAILING if pdf_trailing else _STRUCTURE[refused.reason], name=name) from refused
    except PdfRefused as refused:
        raise _refuse(_PDF[refused.reason], name=name, limit=_megapixels()) from refused
    except Exception as error:  # any decoder failure means we cannot vouch for the file
        raise _refuse(_("The file “%(name)s” is damaged or could not be read."), name=name) from error


_DAMAGED = _("The file “%(name)s” is damaged or could not be read.")
_STRUCTURE = {
    "malformed": _DAMAGED,
    "trailing": _(
        "The file “%(name)s” carries other data after the picture (some phones add a short video "
        "to a “motion photo”, or a second picture). Send a screenshot of the photo, or turn off "
        "motion photos, and try again."
    ),
    "embedded": _(
        "The file “%(name)s” has another file hidden inside it (an archive, a document or a "
        "script) and cannot be accepted. Send the photo, voice note or PDF on its own."
    ),
}
_PDF = {
    "malformed": _DAMAGED,
    "encrypted": _("Password-protected PDF files cannot be accepted."),
    "active": _(
        "The PDF “%(name)s” contains attached files or scripts and cannot be accepted. Print it "
        "to a new PDF (Print, then Save as PDF), or send photos of its pages."
    ),
    "pixels": _(
        "The PDF “%(name)s” holds pictures that are too large (the limit is %(limit)s million "
        "pixels each, five times that in all). Send fewer pages, or photos of the pages."
    ),
    "images": _(
        "The PDF “%(name)s” holds pictures in a form that cannot be checked. Send photos of its "
        "pages instead."
    ),
}
_PDF_TRAILING = _(
    "The PDF “%(name)s” has extra data after its end and cannot be accepted. Print it to a new "
    "PDF (Print, then Save as PDF) and send that copy."
)


def _megapixels() -> str:
    return digits(f"{settings.UPLOAD_MAX_PIXELS / 1_000_000:g}")


def _check_image(name: str, data: bytes, content_type: str) -> None:
    """From the header only: not over the pixel limit, nothing after the end, nothing inside."""
    layout = image_layout(data, content_type)
    if layout.pixels > settings.UPLOAD_MAX_PIXELS:
        raise _refuse(
            _(
                "The photo “%(name)s” is too large: %(width)s × %(height)s pixels, and the limit is "
                "%(limit)s million pixels. Send a smaller copy of it, or a screenshot."
            ),
            name=name,
            width=digits(layout.width),
            height=digits(layout.height),
            limit=_megapixels(),
        )
    check_image(data, layout)


def _clean_image(data: bytes, extension: str) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as original:
            # A JPEG is decoded straight at the smallest scale still as large as what is kept.
            original.draft(original.mode, (_MAX_IMAGE_SIDE, _MAX_IMAGE_SIDE))
            original.load()
            upright = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise ValueError("unreadable image") from error
    keep_alpha = extension == "png" and upright.mode in ("RGBA", "LA", "P")
    mode = "RGBA" if keep_alpha else "RGB"
    # Scaled down first, so that the copies below are of the small picture.
    upright.thumbnail((_MAX_IMAGE_SIDE, _MAX_IMAGE_SIDE))
    converted = upright.convert(mode)
    # A new image from raw pixels carries no info dict: no EXIF, XMP, ICC or comment.
    pixels = Image.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if keep_alpha:
        pixels.save(out, format="PNG", optimize=True)
        return CleanFile("image", "image/png", "png", out.getvalue())
    pixels.save(out, format="JPEG", quality=85, optimize=True)
    return CleanFile("image", "image/jpeg", "jpg", out.getvalue())


def _clean_audio(data: bytes) -> CleanFile:
    """Decode and re-encode to Ogg Opus, copying no metadata at all."""
    # Imported here: loading FFmpeg takes about a second, which every process (web, worker,
    # commands) paid at start-up for the rare voice note.
    import av

    out = io.BytesIO()
    with av.open(io.BytesIO(data), mode="r") as source:
        if not source.streams.audio:
            raise ValueError("no audio stream")
        in_stream = source.streams.audio[0]
        with av.open(out, mode="w", format="ogg", options={"fflags": "+bitexact"}) as target:
            out_stream = target.add_stream("libopus", rate=48000, layout="mono")
            out_stream.options = {"application": "voip"}
            resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
            seconds = 0.0
            for frame in source.decode(in_stream):
                seconds += frame.samples / (frame.sample_rate or 48000)
                if seconds > _MAX_AUDIO_SECONDS:
                    raise _refuse(_("A voice note may be at most 10 minutes long."))
                for resampled in resampler.resample(frame):
                    for packet in out_stream.encode(resampled):
                        target.mux(packet)
            for packet in out_stream.encode(None):
                target.mux(packet)
    return CleanFile("audio", "audio/ogg", "ogg", out.getvalue())
