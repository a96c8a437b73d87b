"""Cleaning of uploaded files (SECURITY.md D1-D3).

A file is accepted only when its extension and its content agree on a type from the allowlist.
Images are rebuilt from their pixels, audio is re-encoded to Ogg Opus and PDFs are rewritten
page by page: nothing the device wrote besides the content itself (EXIF/GPS, XMP, ICC profile,
JPEG comments, audio tags, PDF document info, scripts, trailing data of a polyglot) survives.
"""

import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

import av
import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject

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
_MAX_IMAGE_PIXELS = 40_000_000
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
            return _clean_image(data, extension)
        if kind == "audio":
            return _clean_audio(data)
        return _clean_pdf(data)
    except ValidationError:
        raise
    except Exception as error:  # any decoder failure means we cannot vouch for the file
        raise _refuse(_("The file “%(name)s” is damaged or could not be read."), name=name) from error


def _clean_image(data: bytes, extension: str) -> CleanFile:
    Image.MAX_IMAGE_PIXELS = _MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            upright = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise ValueError("unreadable image") from error
    keep_alpha = extension == "png" and upright.mode in ("RGBA", "LA", "P")
    mode = "RGBA" if keep_alpha else "RGB"
    converted = upright.convert(mode)
    # A new image from raw pixels carries no info dict: no EXIF, XMP, ICC or comment.
    pixels = Image.frombytes(mode, converted.size, converted.tobytes())
    pixels.thumbnail((_MAX_IMAGE_SIDE, _MAX_IMAGE_SIDE))
    out = io.BytesIO()
    if keep_alpha:
        pixels.save(out, format="PNG", optimize=True)
        return CleanFile("image", "image/png", "png", out.getvalue())
    pixels.save(out, format="JPEG", quality=85, optimize=True)
    return CleanFile("image", "image/jpeg", "jpg", out.getvalue())


def _clean_audio(data: bytes) -> CleanFile:
    """Decode and re-encode to Ogg Opus, copying no metadata at all."""
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


def _clean_pdf(data: bytes) -> CleanFile:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse(_("Password-protected PDF files cannot be accepted."))
        writer = PdfWriter()
        for page in reader.pages:
            for key in ("/Metadata", "/AA", "/Annots", "/PieceInfo"):
                if key in page:
                    del page[NameObject(key)]
            writer.add_page(page)
    except PdfReadError as error:
        raise ValueError("unreadable pdf") from error
    writer._info = None  # no document information dictionary (author, producer, dates)
    out = io.BytesIO()
    writer.write(out)
    return CleanFile("pdf", "application/pdf", "pdf", out.getvalue())
