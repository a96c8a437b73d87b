"""SECURITY.md D1-D3: files are accepted by content and extension, and leave their metadata behind."""

import io
from typing import cast

import av
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ourvoice.feedback.files import clean_upload

SENTINEL = b"SENTINELMETADATA4242"


def jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = SENTINEL.decode()  # ImageDescription
    exif[0x8825] = {1: "N", 2: (11.0, 33.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG", exif=exif.tobytes(), comment=SENTINEL)
    return out.getvalue()


def png_with_metadata() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SENTINEL.decode())
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def audio_with_tags(fmt: str = "webm", codec: str = "libopus") -> bytes:
    out = io.BytesIO()
    with av.open(out, "w", format=fmt) as container:
        container.metadata["title"] = SENTINEL.decode()
        stream = cast(av.AudioStream, container.add_stream(codec, rate=48000, layout="mono"))
        for i in range(25):
            frame = av.AudioFrame(format="s16", layout="mono", samples=960)
            frame.planes[0].update(bytes([i, 0]) * 960)
            frame.sample_rate, frame.pts = 48000, i * 960
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def pdf_with_metadata(script: bool = True) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": SENTINEL.decode(), "/Title": SENTINEL.decode()})
    if script:
        code = TextStringObject("app.alert(1);")
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): code})
        writer._root_object[NameObject("/OpenAction")] = action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_jpeg_keeps_no_exif_gps_or_comment():
    original = jpeg_with_metadata()
    assert SENTINEL in original
    clean = clean_upload(name="photo.JPG", data=original)
    assert clean.content_type == "image/jpeg"
    assert SENTINEL not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert not image.getexif()
        assert "comment" not in image.info and "icc_profile" not in image.info
        assert image.size == (64, 48)


def test_png_text_chunks_are_dropped_and_transparency_kept():
    clean = clean_upload(name="screen.png", data=png_with_metadata())
    assert SENTINEL not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.mode == "RGBA"


@pytest.mark.parametrize(
    ("fmt", "codec", "name"), [("webm", "libopus", "v.webm"), ("ogg", "libopus", "v.ogg")]
)
def test_voice_notes_are_reencoded_without_tags(fmt, codec, name):
    original = audio_with_tags(fmt, codec)
    assert SENTINEL in original
    clean = clean_upload(name=name, data=original)
    assert clean.content_type == "audio/ogg"
    assert SENTINEL not in clean.data
    with av.open(io.BytesIO(clean.data)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"
        assert not any(SENTINEL.decode() in str(v) for v in container.metadata.values())


def test_pdf_loses_document_info():
    original = pdf_with_metadata(script=False)
    assert SENTINEL in original
    clean = clean_upload(name="letter.pdf", data=original)
    assert SENTINEL not in clean.data
    assert len(PdfReader(io.BytesIO(clean.data)).pages) == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photo.jpg", b"<html><body>not a photo</body></html>"),  # extension lies
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200),  # an executable
        ("notes.pdf", jpeg_with_metadata()),  # content and extension disagree
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 200),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100),  # a JPEG header on garbage
    ],
)
def test_refused_files_get_a_clear_message(name, data):
    with pytest.raises(ValidationError) as error:
        clean_upload(name=name, data=data)
    assert name in error.value.messages[0]


def test_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        clean_upload(name="photo.jpg", data=jpeg_with_metadata() + b"\x00" * 2000)
