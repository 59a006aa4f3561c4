"""Media of received messages, as Twilio serves it.

``GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`` (Basic
auth) answers with a redirect to an unguessable CDN path (on ``localhost`` when the fake
serves on 127.0.0.1: another origin), which serves the bytes without auth, as Twilio's
media URLs do. ``FakeMedia.add`` registers an item (a small generated
PNG unless other content is given) and returns it; ``item.url(base)`` is its ``MediaUrl``.
"""

from __future__ import annotations

import secrets
import struct
import zlib
from dataclasses import dataclass

from hotline_server.core.sids import new_sid
from hotline_server.devtools.fake_twilio.records import account_uri

CDN_PREFIX = "/fake-cdn/media"


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 8) -> bytes:
    """A valid ``size`` x ``size`` PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class MediaItem:
    sid: str
    account_sid: str
    message_sid: str
    content: bytes
    content_type: str
    token: str

    @property
    def path(self) -> str:
        return f"{account_uri(self.account_sid)}/Messages/{self.message_sid}/Media/{self.sid}"

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path

    @property
    def cdn_path(self) -> str:
        return f"{CDN_PREFIX}/{self.token}"


class FakeMedia:
    def __init__(self, account_sid: str) -> None:
        self.account_sid = account_sid
        self.items: list[MediaItem] = []

    def add(
        self,
        message_sid: str | None = None,
        *,
        content: bytes | None = None,
        content_type: str = "image/png",
    ) -> MediaItem:
        item = MediaItem(
            sid=new_sid("ME"),
            account_sid=self.account_sid,
            message_sid=message_sid or new_sid("MM"),
            content=tiny_png() if content is None else content,
            content_type=content_type,
            token=secrets.token_urlsafe(24),
        )
        self.items.append(item)
        return item

    def find(self, message_sid: str, sid: str) -> MediaItem | None:
        return next((m for m in self.items if m.sid == sid and m.message_sid == message_sid), None)

    def by_token(self, token: str) -> MediaItem | None:
        return next((m for m in self.items if secrets.compare_digest(m.token, token)), None)
