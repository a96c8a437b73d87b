"""Issue 15 / SECURITY.md D1-D3: files built to hurt. Pictures inside PDFs lose their metadata,
pixel bombs are refused from their header before anything is decoded, and polyglots (data after
the end, archives inside, PDFs with trailing bytes, attached files or scripts) are refused."""

import io
import struct
import zipfile
import zlib
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from ourvoice.feedback.files import clean_upload
from ourvoice.feedback.tests.test_files import (
    SENTINEL,
    audio_with_tags,
    jpeg_with_metadata,
    png_with_metadata,
)

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="' + SENTINEL + b'"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def _refusal(name: str, data: bytes) -> str:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            clean_upload(name=name, data=data)
        [message] = error.value.messages
    assert name in message
    return message


def camera_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    """A phone photo as issue 15 found it: EXIF GPS, camera, artist, a COM comment and XMP."""
    exif = Image.Exif()
    exif[0x010F] = "SENTINEL-MAKE"  # Make
    exif[0x0110] = SENTINEL.decode()  # Model
    exif[0x013B] = SENTINEL.decode()  # Artist
    exif[0x8825] = {1: "N", 2: (11.0, 33.0, 0.0), 3: "E", 4: (104.0, 55.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes(), comment=SENTINEL, xmp=XMP)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge picture (its data would not even decode)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    scan = struct.pack(">B", 1) + b"\x01\x00" + b"\x00\x3f\x00"
    return (
        b"\xff\xd8"
        + b"\xff\xc0" + struct.pack(">H", len(frame) + 2) + frame
        + b"\xff\xda" + struct.pack(">H", len(scan) + 2) + scan
        + b"\x12\x34" * 8 + b"\xff\xd9"
    )  # fmt: skip


def webp_declaring(width: int, height: int) -> bytes:
    vp8x = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _image_xobject(writer: PdfWriter, data: bytes, entries: dict[str, object]) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image")})
    # An entry may be made by a function of the writer (an object of its own, such as a stream).
    stream.update({NameObject(k): v(writer) if callable(v) else v for k, v in entries.items()})
    return writer._add_object(stream)


def pdf_with_pictures(*pictures: tuple[bytes, dict[str, object]], content: bytes = b"") -> bytes:
    """One page showing each picture (raw stream bytes and their dictionary entries)."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    names = DictionaryObject()
    shows = []
    for n, (data, entries) in enumerate(pictures):
        names[NameObject(f"/Im{n}")] = _image_xobject(writer, data, entries)
        shows.append(f"q 100 0 0 75 0 {n * 80} cm /Im{n} Do Q".encode())
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    contents = DecodedStreamObject()
    contents.set_data(b"\n".join(shows) + content)
    page[NameObject("/Contents")] = writer._add_object(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rgb_jpeg_entries(width: int, height: int) -> dict[str, object]:
    return {
        "/Width": NumberObject(width),
        "/Height": NumberObject(height),
        "/ColorSpace": NameObject("/DeviceRGB"),
        "/BitsPerComponent": NumberObject(8),
        "/Filter": NameObject("/DCTDecode"),
    }


def _every_stream(data: bytes) -> bytes:
    """The file's bytes and every stream of it decoded, to look for what must be gone."""
    reader = PdfReader(io.BytesIO(data))
    found = [data]
    for generation, numbers in reader.xref.items():
        for idnum in numbers:
            obj = reader.get_object(idnum) if generation == 0 else None
            if isinstance(obj, StreamObject):
                found.append(obj.get_data())
    return b"".join(found)


def test_a_picture_inside_a_pdf_is_rebuilt_from_its_pixels():
    """Issue 15: the JPEG on a PDF's page reached staff with its GPS position, camera, artist,
    comment and XMP; only the document's own metadata was stripped."""
    photo = camera_jpeg()
    assert SENTINEL in photo and b"SENTINEL-MAKE" in photo
    entries = _rgb_jpeg_entries(64, 48)
    original = pdf_with_pictures((photo, entries))
    clean = clean_upload(name="scan.pdf", data=original)
    assert clean.content_type == "application/pdf"
    everything = _every_stream(clean.data)
    assert SENTINEL not in everything and b"SENTINEL-MAKE" not in everything
    [picture] = PdfReader(io.BytesIO(clean.data)).pages[0].images
    assert picture.image is not None
    assert picture.image.size == (64, 48)
    red, green, _blue = cast(tuple[int, int, int], picture.image.convert("RGB").getpixel((32, 24)))
    assert red > 150 and green < 80  # the same picture
    resources: Any = PdfReader(io.BytesIO(clean.data)).pages[0]["/Resources"]
    jpeg = resources["/XObject"]["/Im0"].get_data()
    with Image.open(io.BytesIO(jpeg)) as rebuilt:
        assert not rebuilt.getexif() and "comment" not in rebuilt.info and "xmp" not in rebuilt.info


def test_a_pictures_own_metadata_stream_and_flate_pictures_are_rebuilt_too():
    def xmp(writer: PdfWriter) -> object:
        stream = DecodedStreamObject()
        stream.set_data(XMP)
        return writer._add_object(stream)

    raw = bytes(range(256)) * 9  # 32 x 24 RGB pixels
    writer_entries = {
        "/Width": NumberObject(32),
        "/Height": NumberObject(24),
        "/ColorSpace": NameObject("/DeviceRGB"),
        "/BitsPerComponent": NumberObject(8),
        "/Filter": NameObject("/FlateDecode"),
    }
    data = pdf_with_pictures((zlib.compress(raw), {**writer_entries, "/Metadata": xmp}))
    assert SENTINEL in data
    clean = clean_upload(name="scan.pdf", data=data)
    assert SENTINEL not in _every_stream(clean.data)
    [picture] = PdfReader(io.BytesIO(clean.data)).pages[0].images
    assert picture.image is not None and picture.image.size == (32, 24)
    assert picture.image.convert("RGB").tobytes() == raw  # lossless where the original was


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bomb.png", png_declaring(8900, 8900)),  # issue 15: 13 s and +1.4 GiB in a web worker
        ("bomb.jpg", jpeg_declaring(65000, 65000)),
        ("bomb.webp", webp_declaring(16383, 16383)),
    ],
)
def test_a_picture_over_the_pixel_limit_is_refused_from_its_header(name, data):
    # The pixel data is garbage: the message says "too large", not "damaged", so only the
    # header was read.
    message = _refusal(name, data)
    assert "too large" in message and "million pixels" in message


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 1000
    small, large = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (30, 30), "blue").save(small, "PNG")
    Image.new("RGB", (40, 30), "blue").save(large, "PNG")
    assert clean_upload(name="small.png", data=small.getvalue()).kind == "image"
    assert "40 × 30 pixels" in _refusal("large.png", large.getvalue())


def test_pictures_inside_a_pdf_are_checked_against_the_limit_before_decoding(settings):
    declared_huge = {**_rgb_jpeg_entries(9000, 9000), "/Filter": NameObject("/FlateDecode")}
    assert "too large" in _refusal("a.pdf", pdf_with_pictures((zlib.compress(b"\x00" * 100), declared_huge)))
    # The dictionary says 10 x 10, the JPEG inside says 60,000 x 60,000.
    lying = pdf_with_pictures((jpeg_declaring(60000, 60000), _rgb_jpeg_entries(10, 10)))
    assert "too large" in _refusal("b.pdf", lying)
    settings.UPLOAD_MAX_PIXELS = 64 * 48 * 2
    many = pdf_with_pictures(*[(camera_jpeg(), _rgb_jpeg_entries(64, 48))] * 11)  # 5.5 x the limit
    assert "too large" in _refusal("c.pdf", many)


def test_an_inline_jpeg_in_a_page_is_refused():
    inline = b"\nq 10 0 0 10 0 0 cm BI /W 64 /H 48 /CS /RGB /BPC 8 /F /DCT ID " + camera_jpeg() + b" EI Q"
    assert "cannot be checked" in _refusal("inline.pdf", pdf_with_pictures(content=inline))


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _script() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )


def _open_action(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = _script()


def _orphan_script(writer: PdfWriter) -> None:
    writer._add_object(_script())  # in the file, used by no page


def _attachment(writer: PdfWriter) -> None:
    writer.add_attachment("invoice.exe", b"MZ" + b"\x00" * 100)


def _page_script(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script()})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): ArrayObject()})}
    )


def _jpeg_padded() -> bytes:
    return camera_jpeg() + b"\x00" * 16


ZIP = _zip()
MOTION_PHOTO = camera_jpeg() + b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64  # a phone's appended video
CLEAN_PDF = _pdf(lambda writer: None)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("photo.jpg", jpeg_with_metadata() + ZIP, "after the picture"),  # issue 15: JPEG + ZIP
        ("photo.jpg", jpeg_with_metadata() + b"<html><script>alert(1)</script></html>", "after the picture"),
        ("photo.jpg", MOTION_PHOTO, "motion photo"),
        ("photo.jpg", camera_jpeg() + camera_jpeg(), "after the picture"),  # MPO: two pictures
        ("screen.png", png_with_metadata() + ZIP, "after the picture"),
        ("sticker.webp", webp_declaring(10, 10) + b"VP8L" + ZIP, "after the picture"),
        ("photo.jpg", jpeg_with_metadata().replace(SENTINEL, b"PK\x03\x04" + SENTINEL[4:]), "hidden inside"),
        ("screen.png", png_with_metadata().replace(SENTINEL, b"<script>" + SENTINEL[8:]), "hidden inside"),
        ("voice.ogg", audio_with_tags("ogg") + ZIP, "hidden inside"),
        ("letter.pdf", CLEAN_PDF + ZIP, "extra data after its end"),
        ("letter.pdf", CLEAN_PDF + b"%!PS junk", "extra data after its end"),
        ("letter.pdf", _pdf(_open_action), "attached files or scripts"),
        ("letter.pdf", _pdf(_orphan_script), "attached files or scripts"),
        ("letter.pdf", _pdf(_attachment), "attached files or scripts"),
        ("letter.pdf", _pdf(_page_script), "attached files or scripts"),
        (
            "letter.pdf",
            _pdf(_open_action).replace(b"/JavaScript", b"/J#61vaScript"),
            "attached files or scripts",
        ),
    ],
)
def test_polyglots_and_active_pdfs_are_refused_with_a_clear_message(name, data, says):
    assert says in _refusal(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [("photo.jpg", _jpeg_padded()), ("letter.pdf", CLEAN_PDF + b"\r\n"), ("photo.jpg", camera_jpeg())],
)
def test_padding_and_ordinary_metadata_are_not_mistaken_for_a_polyglot(name, data):
    assert clean_upload(name=name, data=data).data
