"""What a file declares before anything is decoded (SECURITY.md D3): its size in pixels from the
image header, where its image ends, and whether another file rides along (a polyglot).

Everything here reads bytes and headers only, by hand rather than through Pillow (whose own bomb
check is a process-wide setting, and only a warning below twice its limit): no pixel is decoded,
so a 231 KB PNG declaring 8,900 x 8,900 pixels costs microseconds, not 13 seconds and 1.4 GiB.

A polyglot is refused, not cleaned, although re-encoding would drop the passenger: a file built
to be two things at once is a sign of an attack, and D3 promises a refusal. Refused:
- bytes after the image's end marker (JPEG EOI, PNG IEND, the RIFF size of WebP), other than
  zero padding. This also refuses the short video some phones append to a "motion photo" and
  the second picture of an MPO: the message says how to send the photo instead;
- an archive or document inside the image's metadata segments (JPEG APPn/COM, PNG ancillary
  chunks, WebP EXIF/XMP/unknown chunks): ZIP, RAR, 7-Zip, PDF, ELF, HTML or script;
- anywhere in any file: a working ZIP (its end record within the last 64 KiB, its central
  directory just before it, as every ZIP reader finds it), a RAR or 7-Zip signature;
- a PDF with bytes after its last ``%%EOF`` other than whitespace.
"""

import re
import struct
from dataclasses import dataclass


class Refused(Exception):
    """The file is not what it says, or carries another file; ``reason`` picks the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "trailing" | "embedded" | "malformed"


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    end: int  # offset just after the image's end marker
    metadata: bytes  # the metadata segments' payloads, for the embedded-file search

    @property
    def pixels(self) -> int:
        return self.width * self.height


_PADDING = re.compile(rb"[\x00]*\Z")
_PDF_PADDING = re.compile(rb"[\x00\s]*\Z")
# Signatures that never occur by chance in a few kilobytes of metadata.
_EMBEDDED = re.compile(
    rb"PK\x03\x04|PK\x05\x06|PK\x01\x02|Rar!\x1a\x07|7z\xbc\xaf\x27\x1c|%PDF-|\x7fELF"
    rb"|<script|<html|<\?php|<svg|<iframe|<!doctype",
    re.IGNORECASE,
)
# Long enough to be found by chance nowhere, even in megabytes of compressed pixels.
_ARCHIVES = re.compile(rb"Rar!\x1a\x07[\x00\x01]|7z\xbc\xaf\x27\x1c\x00[\x02-\x04]")
_ZIP_END = b"PK\x05\x06"
_ZIP_CENTRAL = b"PK\x01\x02"
_ZIP_SEARCH = 65_535 + 22


# Frame headers (SOFn) carry the size: every C0-CF marker but DHT (C4), JPG (C8) and DAC (CC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def jpeg_layout(data: bytes) -> Layout:
    """A JPEG's size (from its first frame header), end and metadata, reading markers only."""
    if data[:2] != b"\xff\xd8":
        raise Refused("malformed")
    metadata: list[bytes] = []
    width = height = 0
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise Refused("malformed")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            if not width or not height:
                raise Refused("malformed")
            return Layout(width, height, pos, b"".join(metadata))
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # RSTn, TEM: no length
            continue
        if pos + 2 > size:
            break
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > size:
            raise Refused("malformed")
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn, COM
            metadata.append(data[pos + 2 : pos + length])
        if marker in _SOF and not width and length >= 7:
            height, width = struct.unpack(">HH", data[pos + 3 : pos + 7])
        pos += length
        if marker == 0xDA:  # SOS: entropy-coded data up to the next marker that is not RSTn
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    raise Refused("malformed")
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
    raise Refused("malformed")  # no end marker


def _png(data: bytes) -> Layout:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise Refused("malformed")
    width, height = struct.unpack(">II", data[16:24])
    metadata: list[bytes] = []
    pos, size = 8, len(data)
    while pos + 12 <= size:
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > size:
            raise Refused("malformed")
        if kind == b"IEND":
            return Layout(width, height, end, b"".join(metadata))
        if kind[:1].islower():  # ancillary: text, EXIF, ICC, private chunks
            metadata.append(data[pos + 8 : pos + 8 + length])
        pos = end
    raise Refused("malformed")


_WEBP_PIXELS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}


def _webp(data: bytes) -> Layout:
    if len(data) < 12:
        raise Refused("malformed")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = 8 + riff_size
    if end > len(data):
        raise Refused("malformed")
    metadata, pos = [], 12
    width = height = 0
    while pos + 8 <= end:
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind not in _WEBP_PIXELS:
            metadata.append(body)
        elif not width:
            width, height = _webp_size(kind, body)
        pos += 8 + length + (length & 1)
    if not width or not height:
        raise Refused("malformed")
    return Layout(width, height, end, b"".join(metadata))


def _webp_size(kind: bytes, body: bytes) -> tuple[int, int]:
    """The canvas (VP8X) or frame (VP8, VP8L) size, from the chunk's first bytes."""
    if kind == b"VP8X" and len(body) >= 10:
        return 1 + int.from_bytes(body[4:7], "little"), 1 + int.from_bytes(body[7:10], "little")
    if kind == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if kind == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        return (
            int.from_bytes(body[6:8], "little") & 0x3FFF,
            int.from_bytes(body[8:10], "little") & 0x3FFF,
        )
    return 0, 0


_LAYOUTS = {"image/jpeg": jpeg_layout, "image/png": _png, "image/webp": _webp}


def _has_zip(data: bytes) -> bool:
    """A ZIP any reader would open: an end record near the end whose central directory, as
    declared, sits just before it and starts with its signature."""
    tail_start = max(0, len(data) - _ZIP_SEARCH)
    pos = data.rfind(_ZIP_END, tail_start)
    while pos >= 0:
        if pos + 22 <= len(data):
            (directory_size,) = struct.unpack("<I", data[pos + 12 : pos + 16])
            start = pos - directory_size
            if directory_size and start >= 0 and data[start : start + 4] == _ZIP_CENTRAL:
                return True
        pos = data.rfind(_ZIP_END, tail_start, pos)
    return False


def image_layout(data: bytes, content_type: str) -> Layout:
    """The image's declared size, end and metadata (Refused("malformed") if they cannot be read)."""
    try:
        return _LAYOUTS[content_type](data)
    except (struct.error, IndexError) as error:
        raise Refused("malformed") from error


def check_image(data: bytes, layout: Layout) -> None:
    """Raise Refused for an image with trailing data or another file inside."""
    if not _PADDING.match(data, layout.end):
        raise Refused("trailing")
    if _EMBEDDED.search(layout.metadata):
        raise Refused("embedded")
    check_any(data)


def check_pdf(data: bytes) -> None:
    """Raise Refused for a PDF with bytes after its last %%EOF, or an archive inside."""
    end = data.rfind(b"%%EOF")
    if end < 0 or not _PDF_PADDING.match(data, end + 5):
        raise Refused("trailing")
    check_any(data)


def check_any(data: bytes) -> None:
    if _has_zip(data) or _ARCHIVES.search(data):
        raise Refused("embedded")
