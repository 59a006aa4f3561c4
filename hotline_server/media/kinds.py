"""Which media the console shows, and a check that the bytes are what the type claims."""

from __future__ import annotations

from typing import Literal

MediaKind = Literal["image", "audio", "video"]

# Types a browser shows inline; no SVG (it can carry script), no HEIC or AMR (no browser
# shows them).
SHOWN: dict[str, MediaKind] = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/gif": "image",
    "image/webp": "image",
    "audio/mpeg": "audio",
    "audio/mp4": "audio",
    "audio/ogg": "audio",
    "audio/wav": "audio",
    "audio/x-wav": "audio",
    "video/mp4": "video",
    "video/webm": "video",
}

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}


def media_kind(content_type: str) -> MediaKind | None:
    return SHOWN.get(content_type.split(";")[0].strip().lower())


def content_matches(data: bytes, content_type: str) -> bool:
    """Images must start with their format's signature (a browser would refuse them
    anyway); other shown types are taken as declared."""
    if content_type == "image/webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    signatures = _SIGNATURES.get(content_type)
    return signatures is None or data.startswith(signatures)
