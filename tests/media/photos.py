"""Photos as phones write them: a JPEG with GPS coordinates, a comment and an orientation."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

GPS_LATITUDE = (10.0, 45.0, 30.5)  # somewhere in Ho Chi Minh City


def jpeg_with_gps(width: int = 24, height: int = 12) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: shown rotated by 90 degrees
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 40.0, 12.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"nha rieng")
    return out.getvalue()


def metadata_of(data: bytes) -> tuple[dict[int, object], dict[int, object], tuple[int, int]]:
    """The EXIF tags, the GPS tags and the size of an image."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return dict(exif), dict(exif.get_ifd(ExifTags.IFD.GPSInfo)), image.size
