"""PDF attachments (SECURITY.md D2-D3; issue 15): refused when they carry scripts or attached
files, rewritten page by page, and every picture inside re-encoded from its pixels.

Why re-encode rather than refuse PDFs with pictures: the PDFs citizens send are mostly scans and
phone photos of letters and payment slips, which are nothing but pictures – refusing them would
refuse the evidence. A JPEG inside a PDF keeps its EXIF (GPS position, camera, owner), comments
and XMP; rebuilt from its decoded pixels it keeps none of them, as a photo sent alone.

- Refused: an encrypted PDF; JavaScript, attached (embedded) files, launch, rich-media, XFA or
  form-submission actions anywhere in the file, even in objects no page uses; bytes after the last
  ``%%EOF`` (``file_structure.check_pdf``).
- Rewritten: only the pages are copied, without annotations, page actions, page metadata or
  private application data; ``/Metadata`` and ``/PieceInfo`` are removed from every object and
  the document information dictionary is dropped; objects nothing refers to any more are left out.
- Pictures (image XObjects, soft masks included) are decoded by pypdf and written again from raw
  pixels: JPEG (quality 85) where the original was JPEG or JPEG 2000, lossless Flate otherwise;
  longer than 3,508 pixels (an A4 page at 300 dpi), they are scaled down (the page shows them at
  the same place and size).
  Stencil masks keep their bits, re-compressed. Each picture's declared size is checked against
  ``UPLOAD_MAX_PIXELS`` before it is decoded (the dictionary's and, for JPEG and JPEG 2000, the
  codestream's own), and all of them together against five times that.
- Refused rather than passed through: pictures that cannot be decoded here (JBIG2 without the
  jbig2dec program, unusual colour spaces) and inline JPEG or JPEG 2000 pictures in a page's
  content stream (rare; they cannot be replaced in place). The message asks for photos of the
  pages instead.
"""

import io
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError, PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)
from pypdf.generic._image_xobject import _xobj_to_image

from ourvoice.feedback.file_structure import Refused, jpeg_layout

# An A4 page scanned at 300 dpi (2,480 x 3,508) is kept at its size; larger pictures are scaled.
MAX_SIDE = 3508
TOTAL_PIXELS_FACTOR = 5
MAX_OBJECTS = 200_000

_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/XFA", "/RichMediaContent"}
_ACTIVE_NAMES = {
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/RichMedia",
    "/GoToE",
    "/ImportData",
    "/SubmitForm",
    "/Rendition",
    "/Movie",
    "/Sound",
}
_DROPPED_KEYS = ("/Metadata", "/PieceInfo")
_PAGE_KEYS = ("/Metadata", "/AA", "/Annots", "/PieceInfo", "/Thumb")
_JPEG_FILTERS = {"/DCTDecode", "/DCT", "/JPXDecode"}
_INLINE = re.compile(rb"(?<![A-Za-z0-9#])BI\s(.{0,2000}?)\sID\s", re.DOTALL)
_INLINE_SIZE = re.compile(
    rb"/(?:W|Width)\s+(\d+).{0,400}?/(?:H|Height)\s+(\d+)|/(?:H|Height)\s+(\d+).{0,400}?/(?:W|Width)\s+(\d+)",
    re.DOTALL,
)
_INLINE_JPEG = re.compile(rb"/(?:DCT|DCTDecode|JPX|JPXDecode|JBIG2Decode)\b")


class PdfRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "encrypted" | "active" | "pixels" | "images" | "malformed"


def _all_objects(reader: PdfReader) -> Iterator[PdfObject | None]:
    """Every object of the file's cross-reference tables, whether a page uses it or not."""
    count = 0
    for generation, numbers in list(reader.xref.items()):
        for idnum in list(numbers):
            count += 1
            if count > MAX_OBJECTS:
                raise PdfRefused("malformed")
            yield reader.get_object(IndirectObject(idnum, generation, reader))
    for idnum in list(reader.xref_objStm):
        count += 1
        if count > MAX_OBJECTS:
            raise PdfRefused("malformed")
        yield reader.get_object(IndirectObject(idnum, 0, reader))


def _is_active(obj: Any) -> bool:
    """Scripts, attached files and the like in ``obj`` or the direct objects inside it."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):
            if _ACTIVE_KEYS.intersection(item.keys()):
                return True
            for key in ("/S", "/Type", "/Subtype"):
                value = item.get(key)
                if isinstance(value, NameObject) and value in _ACTIVE_NAMES:
                    return True
            stack.extend(v for v in item.values() if not isinstance(v, IndirectObject))
        elif isinstance(item, ArrayObject):
            stack.extend(v for v in item if not isinstance(v, IndirectObject))
    return False


def _number(value: Any) -> int:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise PdfRefused("malformed")
    return int(value)


def _filters(stream: StreamObject) -> list[str]:
    value = stream.get("/Filter")
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, ArrayObject):
        return [str(v.get_object()) for v in value]
    return [str(value)] if value is not None else []


def _jpx_size(data: bytes) -> tuple[int, int]:
    """A JPEG 2000 picture's size from its header box (JP2) or its codestream's SIZ segment."""
    found = data.find(b"ihdr", 0, 4096)
    if found >= 0 and len(data) >= found + 12:
        height, width = struct.unpack(">II", data[found + 4 : found + 12])
        return width, height
    siz = data.find(b"\xff\x51", 0, 4096)
    if siz >= 0 and len(data) >= siz + 22:
        xsiz, ysiz, xo, yo = struct.unpack(">IIII", data[siz + 6 : siz + 22])
        return xsiz - xo, ysiz - yo
    raise PdfRefused("malformed")


def _declared_pixels(stream: StreamObject) -> int:
    """The most pixels a picture says it has: its dictionary, and its own codestream's header."""
    pixels = _number(stream.get("/Width")) * _number(stream.get("/Height"))
    last = (_filters(stream) or [""])[-1]
    if last in ("/DCTDecode", "/DCT"):
        try:
            layout = jpeg_layout(stream.get_data())
        except Refused as error:
            raise PdfRefused("malformed") from error
        pixels = max(pixels, layout.pixels)
    elif last == "/JPXDecode":
        width, height = _jpx_size(stream.get_data())
        pixels = max(pixels, width * height)
    return pixels


def _image_stream(entries: dict[str, Any], data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(key): value for key, value in entries.items()})
    return stream


def _reencoded(original: StreamObject) -> DecodedStreamObject:
    """A new picture from ``original``'s decoded pixels, with none of its other bytes."""
    kept = {
        key: original[key]
        for key in ("/SMask", "/Interpolate", "/Intent", "/Matte")
        if key in original and (key != "/SMask" or isinstance(original[key], IndirectObject))
    }
    if original.get("/ImageMask") in (True, BooleanObject(True)):
        # A stencil mask is bits and nothing else: the same bits, compressed again.
        if {"/JBIG2Decode"} & set(_filters(original)):
            raise PdfRefused("images")
        entries = {
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Image"),
            "/Width": NumberObject(_number(original["/Width"])),
            "/Height": NumberObject(_number(original["/Height"])),
            "/ImageMask": BooleanObject(True),
            "/Filter": NameObject("/FlateDecode"),
        }
        if isinstance(original.get("/Decode"), ArrayObject):
            entries["/Decode"] = original["/Decode"]
        if "/CCITTFaxDecode" in _filters(original):
            return _image_stream({**entries, **_ccitt_entries(original)}, original._data)
        return _image_stream(entries, zlib.compress(original.get_data()))
    photo = bool(_JPEG_FILTERS & set(_filters(original)))
    image = _decoded(original)
    if image.mode == "1":
        bits = Image.frombytes("1", image.size, image.tobytes())
        entries = {"/ColorSpace": NameObject("/DeviceGray"), "/BitsPerComponent": NumberObject(1)}
        data, filter_name = zlib.compress(bits.tobytes()), "/FlateDecode"
    else:
        mode = "L" if image.mode in ("L", "LA", "I", "I;16", "I;16B", "F") else "RGB"
        image = image.convert(mode)
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
        pixels = Image.frombytes(mode, image.size, image.tobytes())  # no info dict at all
        space = "/DeviceGray" if mode == "L" else "/DeviceRGB"
        entries = {"/ColorSpace": NameObject(space), "/BitsPerComponent": NumberObject(8)}
        if photo:
            out = io.BytesIO()
            pixels.save(out, format="JPEG", quality=85)
            data, filter_name = out.getvalue(), "/DCTDecode"
        else:
            data, filter_name = zlib.compress(pixels.tobytes()), "/FlateDecode"
        bits = pixels
    entries |= {
        "/Type": NameObject("/XObject"),
        "/Subtype": NameObject("/Image"),
        "/Width": NumberObject(bits.width),
        "/Height": NumberObject(bits.height),
        "/Filter": NameObject(filter_name),
        **kept,
    }
    return _image_stream(entries, data)


def _decoded(original: StreamObject) -> Image.Image:
    """The picture's pixels. A plain JPEG is decoded directly (the common scan or photo: pypdf's
    general path would also encode it once more); anything else goes through pypdf."""
    if _filters(original) in (["/DCTDecode"], ["/DCT"]) and "/Decode" not in original:
        direct = Image.open(io.BytesIO(original.get_data()))
        if direct.mode in ("L", "RGB"):
            direct.load()
            return direct
    _extension, _data, image = _xobj_to_image(original)
    return image


def _ccitt_entries(original: StreamObject) -> dict[str, Any]:
    # Fax-coded bits cannot hold anything but pixels: kept as they are, with their parameters.
    parms = original.get("/DecodeParms")
    parms = parms[-1] if isinstance(parms, ArrayObject) else parms
    return {
        "/Filter": NameObject("/CCITTFaxDecode"),
        **({"/DecodeParms": parms} if parms is not None else {}),
    }


def _check_inline_pictures(writer: PdfWriter, limit: int) -> None:
    """Inline pictures in content streams: none in JPEG, JPEG 2000 or JBIG2, none too large."""
    contents: list[Any] = []
    for page in writer.pages:
        found = page.get("/Contents")
        found = found.get_object() if isinstance(found, IndirectObject) else found
        items = found if isinstance(found, ArrayObject) else [found]
        contents += [item.get_object() for item in items if item is not None]
    for obj in writer._objects:  # pinned pypdf: the writer's own object table
        if isinstance(obj, StreamObject) and (obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1):
            contents.append(obj)
    for stream in contents:
        if not isinstance(stream, StreamObject):
            continue
        for match in _INLINE.finditer(stream.get_data()):
            header = match.group(1)
            if _INLINE_JPEG.search(header):
                raise PdfRefused("images")
            size = _INLINE_SIZE.search(header)
            if size:
                width, height = (int(size[1]), int(size[2])) if size[1] else (int(size[4]), int(size[3]))
                if width * height > limit:
                    raise PdfRefused("pixels")


def clean_pdf(data: bytes) -> bytes:
    """The rewritten PDF, or PdfRefused; pypdf's own errors mean a damaged file."""
    limit = settings.UPLOAD_MAX_PIXELS
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise PdfRefused("encrypted")
    if any(_is_active(obj) for obj in _all_objects(reader)) or _is_active(reader.trailer):
        raise PdfRefused("active")
    writer = PdfWriter()
    for page in reader.pages:
        for key in _PAGE_KEYS:
            if key in page:
                del page[NameObject(key)]
        writer.add_page(page)
    _check_inline_pictures(writer, limit)
    pictures: list[tuple[int, StreamObject]] = [
        (index, obj)
        for index, obj in enumerate(writer._objects)
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image"
    ]
    total = 0
    for _index, obj in pictures:  # every size is checked before any picture is decoded
        pixels = _declared_pixels(obj)
        total += pixels
        if pixels > limit or total > limit * TOTAL_PIXELS_FACTOR:
            raise PdfRefused("pixels")
    for index, obj in pictures:
        try:
            new = _reencoded(obj)
        except (DependencyError, NotImplementedError) as error:
            raise PdfRefused("images") from error
        writer._replace_object(IndirectObject(index + 1, 0, writer), new)
    for item in writer._objects:
        if isinstance(item, DictionaryObject):
            for key in _DROPPED_KEYS:
                item.pop(NameObject(key), None)
    writer._info = None  # no document information dictionary (author, producer, dates)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["PdfReadError", "PdfRefused", "clean_pdf"]
