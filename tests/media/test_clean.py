"""`clean_image`: the pixels survive, upright; EXIF, GPS, XMP, comments and text chunks do not."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from hotline_server.devtools.fake_twilio import tiny_png
from hotline_server.media.clean import MAX_PIXELS, UncleanImage, clean_image
from tests.media.photos import jpeg_with_gps, metadata_of


def test_a_jpeg_loses_its_exif_gps_and_comment_and_is_turned_upright() -> None:
    raw = jpeg_with_gps(24, 12)
    exif, gps, size = metadata_of(raw)
    assert gps and exif and size == (24, 12) and b"nha rieng" in raw
    clean = clean_image(raw, "image/jpeg")
    assert metadata_of(clean) == ({}, {}, (12, 24))  # the orientation applied to the pixels
    assert b"Exif" not in clean and b"nha rieng" not in clean and b"PhoneMaker" not in clean


def test_png_text_chunks_and_exif_are_dropped() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "19 Nguyen Trai")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 10.75</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, "PNG", pnginfo=info, exif=Image.Exif())
    clean = clean_image(out.getvalue(), "image/png")
    for marker in (b"Nguyen Trai", b"xmpmeta", b"tEXt", b"iTXt", b"eXIf"):
        assert marker not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (8, 8) and image.getpixel((0, 0)) == (1, 2, 3)


def test_webp_exif_and_xmp_are_dropped() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "WEBP", exif=exif, xmp=b"<x:xmpmeta>GPS</x:xmpmeta>")
    assert b"PhoneMaker" in out.getvalue()
    clean = clean_image(out.getvalue(), "image/webp")
    assert b"PhoneMaker" not in clean and b"xmpmeta" not in clean and b"EXIF" not in clean


def test_a_palette_png_keeps_its_transparency() -> None:
    image = Image.new("P", (4, 4), 0)
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    with Image.open(io.BytesIO(clean_image(out.getvalue(), "image/png"))) as cleaned:
        assert cleaned.info.get("transparency") == 0


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"\xff\xd8\xff\xe0 truncated", "image/jpeg"),
        (tiny_png(), "image/jpeg"),  # a PNG declared as a JPEG
        (b"ID3 a song", "audio/mpeg"),  # not an image type
    ],
)
def test_what_does_not_decode_as_the_declared_image_is_refused(
    data: bytes, content_type: str
) -> None:
    with pytest.raises(UncleanImage):
        clean_image(data, content_type)


def test_a_decompression_bomb_is_refused() -> None:
    side = int(MAX_PIXELS**0.5) + 10
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")  # tiny file, huge image
    with pytest.raises(UncleanImage, match="pixels"):
        clean_image(out.getvalue(), "image/png")
