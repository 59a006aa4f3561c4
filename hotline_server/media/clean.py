"""Photos without metadata: every image is decoded and encoded anew before it is stored.

A camera writes where and when a photo was taken (EXIF GPS), the device, the owner's
name (XMP, IPTC, comments, PNG and WebP text chunks): a photo taken at home tells the
accused officer's unit where the citizen lives. Only the pixels survive: the EXIF
orientation is applied to them first (so the photo still stands the right way up), then
the image is written in its own format with no ancillary data (a GIF keeps only its
first frame; a palette image keeps its transparency).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 5 MB photo is far below this; more is a decompression bomb
JPEG_QUALITY = 90
_FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}


class UncleanImage(ValueError):
    """The bytes are not an image of the declared type, or too large to decode safely."""


def is_cleanable(content_type: str) -> bool:
    return content_type in _FORMATS


def clean_image(data: bytes, content_type: str) -> bytes:
    """The image's pixels in its declared format, without metadata (blocking)."""
    fmt = _FORMATS.get(content_type)
    if fmt is None:
        raise UncleanImage("not an image type the server cleans")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format != fmt:
                    raise UncleanImage("the bytes are not of the declared type")
                if opened.width * opened.height > MAX_PIXELS:
                    raise UncleanImage("too many pixels")
                upright = ImageOps.exif_transpose(opened)
                return _encode(upright, fmt)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombWarning) as exc:
        raise UncleanImage(f"unreadable image: {type(exc).__name__}") from exc
    except Image.DecompressionBombError as exc:
        raise UncleanImage("too many pixels") from exc


def _encode(image: Image.Image, fmt: str) -> bytes:
    transparency = image.info.get("transparency")
    pixels = image.copy()  # a new image: no info, no EXIF, no text chunks carried over
    pixels.info = {}
    options: dict[str, object] = {}
    if fmt == "JPEG":
        if pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=JPEG_QUALITY)
    if transparency is not None and fmt in ("PNG", "GIF"):
        options["transparency"] = transparency
    out = io.BytesIO()
    pixels.save(out, format=fmt, **options)
    return out.getvalue()
